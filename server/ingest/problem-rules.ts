// The problem workflow's rules as pure functions of the problem as it stands: what a create, a
// transition or a rating makes of it, and the 4xx when the workflow refuses. The ops (problem-ops.ts)
// read and write the store around them; a planned batch (batch-plan.ts) applies them in memory.
import type {
  LiveEventKind,
  ProblemCreate,
  ProblemRating,
  ProblemTransition,
} from '../../shared/protocol';
import type { RegionIndex } from '../aggregate/region-index';
import { HttpError } from '../http-error';
import { dueAt } from '../metrics/due';
import { localIso } from '../metrics/time';
import { ratingFromStars } from '../metrics/rates';
import { checkTransition } from '../metrics/workflow';
import type { ProblemEventRecord, ProblemRecord } from '../store/records';
import { parseTime } from './ingest-deps';
import { placeOfCreate } from './problem-place';

/** What the rules need besides the problem: the district's places and the clock. */
export interface RuleDeps {
  index: RegionIndex;
  now: () => number;
}

/** A problem's new state and the event-log row that records the step. */
export interface Step {
  next: ProblemRecord;
  ev: ProblemEventRecord;
}

function event(p: ProblemRecord, kind: LiveEventKind, at: number, suffix = ''): ProblemEventRecord {
  return {
    id: `${p.id}:${kind}${suffix}`,
    problemId: p.id,
    kind,
    stage: p.stage,
    tier: p.tier,
    rating: p.rating,
    at,
  };
}

/** A new problem from its report (the caller has checked its id is not stored yet). */
export function createdProblem(deps: RuleDeps, body: ProblemCreate): Step {
  const placeId = placeOfCreate(deps.index, body);
  const place = deps.index.regions.get(placeId)!;
  const reportedAt = parseTime(body.reportedAt, deps.now(), 'reportedAt');
  const p: ProblemRecord = {
    id: body.id,
    category: body.category,
    source: body.source,
    placeId,
    position: body.position ?? place.center,
    stage: 'reported',
    tier: null,
    reportedAt,
    calledAt: null,
    respondedAt: null,
    handledAt: null,
    closedAt: null,
    dueAt: dueAt(body.category, reportedAt),
    rating: null,
    ratedAt: null,
    description: body.description ?? null,
    reporterName: body.reporter?.name ?? null,
    reporterPhone: body.reporter?.phone ?? null,
  };
  return { next: p, ev: event(p, 'reported', reportedAt) };
}

/** What the ticker calls a transition: a response at street or district level is the whistle. */
function liveKind(
  stage: ProblemTransition['stage'],
  tier: ProblemRecord['tier'],
  escalation: boolean,
): LiveEventKind {
  if (stage !== 'responding') return stage;
  return escalation || tier === 'street' || tier === 'district' ? 'escalated' : 'called';
}

/** The stage a problem last reached with a stored time, and that time: a transition can't predate it. */
function lastStageTime(p: ProblemRecord): [ProblemRecord['stage'], number] {
  const stages: Array<[ProblemRecord['stage'], number | null]> = [
    ['reported', p.reportedAt],
    ['called', p.calledAt],
    ['responding', p.respondedAt],
    ['handled', p.handledAt],
    ['closed', p.closedAt],
  ];
  let last: [ProblemRecord['stage'], number] = ['reported', p.reportedAt];
  for (const [stage, at] of stages) if (at !== null && at >= last[1]) last = [stage, at];
  return last;
}

export function transitioned(deps: RuleDeps, prev: ProblemRecord, body: ProblemTransition): Step {
  const check = checkTransition(prev.stage, prev.tier, body.stage, body.tier);
  if (!check.ok)
    throw new HttpError(409, 'illegal_transition', check.reason, {
      currentStage: prev.stage,
      currentTier: prev.tier,
    });
  const at = parseTime(body.at, deps.now(), 'at');
  const [lastStage, lastAt] = lastStageTime(prev);
  if (at < lastAt)
    throw new HttpError(
      400,
      lastStage === 'reported' ? 'time_before_report' : 'time_before_previous_stage',
      `at (${localIso(at)}) is before the problem's previous stage "${lastStage}"; the earliest acceptable time is ${localIso(lastAt)}`,
      { earliest: localIso(lastAt), previousStage: lastStage },
    );
  const next: ProblemRecord = { ...prev, stage: body.stage };
  if (body.stage === 'called') next.calledAt = at;
  if (body.stage === 'responding') {
    next.tier = body.tier!;
    if (!check.escalation) next.respondedAt = at;
  }
  if (body.stage === 'handled') next.handledAt = at;
  if (body.stage === 'closed') next.closedAt = at;
  const kind = liveKind(body.stage, next.tier, check.escalation);
  // Event ids are one per stage, plus one per escalation tier (tiers only go up).
  const suffix =
    body.stage === 'responding' ? `:responding${check.escalation ? `:${body.tier}` : ''}` : '';
  return { next, ev: event(next, kind, at, suffix) };
}

/** The rating step; null when the problem already has this very rating (a retry: no write). */
export function rated(deps: RuleDeps, prev: ProblemRecord, body: ProblemRating): Step | null {
  const rating =
    body.rating ?? (body.stars !== undefined ? ratingFromStars(body.stars) : undefined);
  if (!rating)
    throw new HttpError(
      400,
      'no_rating',
      'give rating (satisfied, basically_satisfied, unsatisfied) or stars (1–5)',
    );
  if (prev.stage !== 'closed')
    throw new HttpError(
      409,
      'not_closed',
      `only a closed problem can be rated; this one is "${prev.stage}"`,
      { currentStage: prev.stage },
    );
  if (prev.rating !== null) {
    if (prev.rating === rating) return null;
    throw new HttpError(409, 'already_rated', `the problem was already rated "${prev.rating}"`, {
      currentStage: prev.stage,
      rating: prev.rating,
    });
  }
  const at = parseTime(body.at, deps.now(), 'at');
  const next: ProblemRecord = { ...prev, rating, ratedAt: Math.max(at, prev.closedAt ?? at) };
  return { next, ev: event(next, 'rated', next.ratedAt!) };
}
