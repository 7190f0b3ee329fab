// Bulk inserts on SQLite: the single inserts in a loop. Statements here cost no round trip, so a
// loop inside the caller's transaction is as fast as SQLite writes get.
import type { BulkInserted, BulkRows, SyncStore } from './records';

type Parts = Pick<
  SyncStore,
  | 'getProblem'
  | 'insertProblem'
  | 'insertEvent'
  | 'insertVolunteer'
  | 'insertPartyReport'
  | 'insertStationVisit'
>;

export function insertEach(s: Parts, rows: BulkRows): BulkInserted {
  const problems: string[] = [];
  for (const { p, events } of rows.problems ?? []) {
    if (s.getProblem(p.id)) continue;
    s.insertProblem(p, null);
    for (const e of events) s.insertEvent(e);
    problems.push(p.id);
  }
  const stored = new Set(problems);
  for (const e of rows.events ?? []) if (stored.has(e.problemId)) s.insertEvent(e);
  const storedActivity: number[] = [];
  (rows.activity ?? []).forEach((a, n) => {
    const inserted =
      a.kind === 'volunteer'
        ? s.insertVolunteer(a.record)
        : a.kind === 'party'
          ? s.insertPartyReport(a.record)
          : s.insertStationVisit(a.record);
    if (inserted) storedActivity.push(n);
  });
  return { problems, activity: storedActivity.length, storedActivity };
}
