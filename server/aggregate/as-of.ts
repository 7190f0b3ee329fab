// A problem as it stood at an earlier moment: what a briefing frozen at that moment counts. Every
// stage has its own time in the store, so cutting them back is exact. An escalation keeps those
// times and changes only the tier, so the tier then comes from the event log (Store.tiersAt).
import type { ProblemRecord } from '../store/records';
import type { ProblemStage, ResponseTier } from '../../shared/protocol';

/** The stage a problem is at, from the stage times it has (each step is stored with its time). */
export function stageFromTimes(
  t: Pick<ProblemRecord, 'calledAt' | 'respondedAt' | 'handledAt' | 'closedAt'>,
): ProblemStage {
  return t.closedAt !== null
    ? 'closed'
    : t.handledAt !== null
      ? 'handled'
      : t.respondedAt !== null
        ? 'responding'
        : t.calledAt !== null
          ? 'called'
          : 'reported';
}

/** The latest of a problem's own times: it changed after T exactly when this is after T. */
export function lastAt(p: ProblemRecord): number {
  let t = p.reportedAt;
  for (const x of [p.calledAt, p.respondedAt, p.handledAt, p.closedAt, p.ratedAt])
    if (x !== null && x > t) t = x;
  return t;
}

/** `tierThen`: the tier the log says the problem stood at by `at`; undefined keeps its own. */
export function problemAsOf(
  p: ProblemRecord,
  at: number,
  tierThen?: ResponseTier,
): ProblemRecord | null {
  if (p.reportedAt > at) return null;
  const by = (t: number | null) => (t !== null && t <= at ? t : null);
  const calledAt = by(p.calledAt);
  const respondedAt = by(p.respondedAt);
  const handledAt = by(p.handledAt);
  const closedAt = by(p.closedAt);
  const ratedAt = by(p.ratedAt);
  if (
    calledAt === p.calledAt &&
    respondedAt === p.respondedAt &&
    handledAt === p.handledAt &&
    closedAt === p.closedAt &&
    ratedAt === p.ratedAt &&
    (tierThen === undefined || tierThen === p.tier)
  )
    return p;
  return {
    ...p,
    stage: stageFromTimes({ calledAt, respondedAt, handledAt, closedAt }),
    tier: respondedAt !== null ? (tierThen ?? p.tier) : null,
    calledAt,
    respondedAt,
    handledAt,
    closedAt,
    rating: ratedAt !== null ? p.rating : null,
    ratedAt,
  };
}
