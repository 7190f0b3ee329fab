// The briefings the server holds: which scene each is on and the moment its figures are frozen
// at. Only a presenter (PRESENTER_TOKEN or the admin token) may step, start or re-freeze one; the
// server stamps the start itself, so no window's clock (or a forged earlier start) can take the
// room from the presenter. Starting or re-freezing counts the as-of moment once, here, so walls
// reading /api/snapshot?at= only ever read a moment the server already holds.
import type { BriefingGoto, BriefingState } from '../../shared/protocol';
import { BRIEFING_STALE_MS } from '../../shared/protocol';
import { localIso } from '../metrics/time';

const MAX_BRIEFINGS = 50;
/** A presenter's laptop clock may run a little ahead of the server's. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface BriefingDeps {
  now: () => number;
  isPresenter(token: string): Promise<boolean>;
  /** The earliest moment the store has figures for (the dataset's history starts there). */
  historyStart(): Promise<number>;
  /** Counts the figures at `at` and keeps them while a briefing uses them. */
  holdMoment(at: number): void;
  /** Tells the other nodes of a step (REDIS_URL), so a wall joining there finds the briefing. */
  share?(state: BriefingState): void;
}

type GotoResult = BriefingState | { error: string; message: string };

export function createBriefings(deps: BriefingDeps) {
  const held = new Map<string, BriefingState>();
  const fresh = (b: BriefingState, t: number) => t - Date.parse(b.startedAt) <= BRIEFING_STALE_MS;

  function keep(state: BriefingState): void {
    held.delete(state.briefingId); // re-insert: the Map's order is the eviction order
    held.set(state.briefingId, state);
    if (held.size > MAX_BRIEFINGS) held.delete(held.keys().next().value!);
  }

  function dropStale(t: number): void {
    for (const [id, b] of held) if (!fresh(b, t)) held.delete(id);
  }

  /** The moment to freeze at, or why not. */
  async function checkMoment(
    frozenAt: string,
    t: number,
  ): Promise<number | { error: string; message: string }> {
    const at = Date.parse(frozenAt);
    if (!Number.isFinite(at) || at > t + CLOCK_SKEW_MS)
      return {
        error: 'future_moment',
        message: `frozenAt is in the future: figures exist up to now (${localIso(t)})`,
      };
    const first = await deps.historyStart();
    if (at < first)
      return {
        error: 'before_history',
        message: `frozenAt is before this dataset's history, which starts at ${localIso(first)}`,
      };
    return Math.min(at, t);
  }

  return {
    /** The briefing's state, or null when nobody has started it (or it is over). */
    get(id: string): BriefingState | null {
      const b = held.get(id);
      return b && fresh(b, deps.now()) ? b : null;
    },
    async goto(msg: BriefingGoto): Promise<GotoResult> {
      if (!(await deps.isPresenter(msg.presenterToken)))
        return {
          error: 'presenter_required',
          message:
            'only the presenter steps a briefing: type the presenter token (PRESENTER_TOKEN or the admin token) in the presenter window',
        };
      const t = deps.now();
      const at = await checkMoment(msg.frozenAt, t);
      if (typeof at !== 'number') return at;
      dropStale(t);
      const frozenAt = new Date(at).toISOString();
      const prev = held.get(msg.briefingId);
      const same = prev?.frozenAt === frozenAt;
      if (!same) deps.holdMoment(at);
      const state: BriefingState = {
        briefingId: msg.briefingId,
        sceneIndex: msg.sceneIndex,
        frozenAt,
        startedAt: same ? prev.startedAt : new Date(t).toISOString(),
      };
      keep(state);
      deps.share?.(state);
      return state;
    },
    /** A step another node took (it checked the presenter): held here too, its moment counted. */
    adopt(state: BriefingState): void {
      const at = Date.parse(state.frozenAt);
      if (!Number.isFinite(at) || !fresh(state, deps.now())) return;
      if (held.get(state.briefingId)?.frozenAt !== state.frozenAt) deps.holdMoment(at);
      keep(state);
    },
    /** The briefings in progress (another node starting mid-briefing asks for them). */
    all(): BriefingState[] {
      const t = deps.now();
      return [...held.values()].filter((b) => fresh(b, t));
    },
    /** Moments live briefings are frozen at: the as-of cache keeps these. */
    moments(): number[] {
      const t = deps.now();
      return [...held.values()].filter((b) => fresh(b, t)).map((b) => Date.parse(b.frozenAt));
    },
  };
}

export type Briefings = ReturnType<typeof createBriefings>;
