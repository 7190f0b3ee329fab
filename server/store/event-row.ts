// An event-log entry as a row of the problem_events table, read the same way by the SQLite and
// the PostgreSQL store.
import type { ProblemEventRecord } from './records';

export type EventRow = Omit<ProblemEventRecord, 'problemId'> & { problem_id: string };

/** The columns of an EventRow, for a SELECT list. */
export const EVENT_ROW_COLS = 'id, problem_id, kind, stage, tier, rating, at';

export const toEventRecord = (r: EventRow): ProblemEventRecord => ({
  id: r.id,
  problemId: r.problem_id,
  kind: r.kind,
  stage: r.stage,
  tier: r.tier,
  rating: r.rating,
  at: r.at,
});
