// A problem as it stood at an earlier moment: what a briefing frozen at that moment counts. Every
// stage has its own time in the store, so cutting them back is exact, with one approximation: the
// tier is the problem's latest one, so an escalation after the moment counts at its new tier.
import type { ProblemRecord } from '../store/records';
import type { ProblemStage } from '../protocol';

export function problemAsOf(p: ProblemRecord, at: number): ProblemRecord | null {
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
    ratedAt === p.ratedAt
  )
    return p;
  const stage: ProblemStage =
    closedAt !== null
      ? 'closed'
      : handledAt !== null
        ? 'handled'
        : respondedAt !== null
          ? 'responding'
          : calledAt !== null
            ? 'called'
            : 'reported';
  return {
    ...p,
    stage,
    tier: respondedAt !== null ? p.tier : null,
    calledAt,
    respondedAt,
    handledAt,
    closedAt,
    rating: ratedAt !== null ? p.rating : null,
    ratedAt,
  };
}
