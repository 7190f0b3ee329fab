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
  let activity = 0;
  for (const a of rows.activity ?? []) {
    const stored =
      a.kind === 'volunteer'
        ? s.insertVolunteer(a.record)
        : a.kind === 'party'
          ? s.insertPartyReport(a.record)
          : s.insertStationVisit(a.record);
    if (stored) activity++;
  }
  return { problems, activity };
}
