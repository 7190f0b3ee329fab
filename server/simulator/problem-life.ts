// The rest of a simulated problem's life, scheduled step by step from the stage it is at: called,
// responded to (sometimes whistled one tier up), handled, closed, perhaps rated. A straggler
// (STALL_SHARE) moves on as usual but closes only days after it fell due.
import type { ProblemTransition, Rating, ResponseTier } from '../../shared/protocol';
import { RESPONSE_TIERS } from '../../shared/protocol';
import type { ProblemRecord } from '../store/records';
import { weightedPicker } from '../random/weighted';
import * as P from './profile';

export interface LifeContext {
  random: () => number;
  now: () => number;
  /** A duration drawn from a range of simulated minutes, as real ms at the simulator's speed. */
  minutes: (range: readonly [number, number]) => number;
  /** Runs `fn` for the problem after `delay` ms. */
  later: (problemId: string, delay: number, fn: () => void) => void;
  move: (problemId: string, body: ProblemTransition) => void;
  rate: (problemId: string, rating: Rating) => void;
}

const pickTier = weightedPicker(P.FIRST_TIER_MIX);
const pickRating = weightedPicker(P.RATING_MIX);

export function carryOn(c: LifeContext, p: Pick<ProblemRecord, 'id' | 'stage' | 'dueAt'>): void {
  const { random, minutes, later, move } = c;
  const [lo, hi] = P.STALL_EXTRA_DAYS;
  const closeNoSoonerThan =
    random() < P.STALL_SHARE ? p.dueAt + minutes([lo * 1440, hi * 1440]) : -Infinity;
  const pid = p.id;
  const rate = () => {
    if (random() < P.RATED_SHARE)
      later(pid, minutes(P.STEP_MINUTES.rate), () => c.rate(pid, pickRating(random())));
  };
  const close = () =>
    later(
      pid,
      Math.max(minutes(P.STEP_MINUTES.close), closeNoSoonerThan - c.now()),
      () => (move(pid, { stage: 'closed' }), rate()),
    );
  const handle = () =>
    later(pid, minutes(P.STEP_MINUTES.handle), () => (move(pid, { stage: 'handled' }), close()));
  const respond = (tier: ResponseTier) => {
    move(pid, { stage: 'responding', tier });
    const up = RESPONSE_TIERS[RESPONSE_TIERS.indexOf(tier) + 1];
    if (up && random() < P.ESCALATION_SHARE)
      later(
        pid,
        minutes(P.STEP_MINUTES.escalate),
        () => (move(pid, { stage: 'responding', tier: up }), handle()),
      );
    else handle();
  };
  const call = () => later(pid, minutes(P.STEP_MINUTES.respond), () => respond(pickTier(random())));
  const next: Record<ProblemRecord['stage'], () => void> = {
    reported: () =>
      later(pid, minutes(P.STEP_MINUTES.call), () => (move(pid, { stage: 'called' }), call())),
    called: call,
    responding: handle,
    handled: close,
    closed: () => {},
  };
  next[p.stage]();
}
