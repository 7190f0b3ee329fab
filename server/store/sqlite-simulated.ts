// Records the built-in simulator wrote (ids under SIMULATED_ID_PREFIX): counted for the admin
// console and purged page by page, so a real district's figures can be rid of invented ones.
// Ranges on the primary keys ('SIM-' ≤ id < 'SIM.') keep both index-only, whatever the table size.
import type Database from 'better-sqlite3';
import {
  SIMULATED_COUNT_OF,
  SIMULATED_ID_PREFIX,
  SIMULATED_ID_UNTIL,
  type ActivityRecord,
  type ProblemRecord,
  type SimulatedPage,
  type SimulatedStore,
} from './records';
import { ACTIVITY_KINDS, ACTIVITY_TABLES, toActivity, type ActivityRow } from './sqlite-activity';
import type { SimulatedCounts } from '../../shared/admin-api';

const FROM = SIMULATED_ID_PREFIX;
const UNTIL = SIMULATED_ID_UNTIL;

export function sqliteSimulated(
  db: Database.Database,
  problem: (id: string) => ProblemRecord | undefined,
  /** Run in the purge's transaction: the roll-ups take each record's figures back. */
  removed: { problem(p: ProblemRecord): void; activity(a: ActivityRecord): void },
): SimulatedStore {
  const inRange = 'WHERE id >= ? AND id < ?';
  const count = (table: string) =>
    db.prepare<[string, string], number>(`SELECT count(*) FROM ${table} ${inRange}`).pluck();
  const perKind = <T>(make: (table: string) => T) =>
    Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, make(ACTIVITY_TABLES[k])])) as Record<
      ActivityRecord['kind'],
      T
    >;
  const st = {
    countProblems: count('problems'),
    countActivity: perKind(count),
    problemIds: db
      .prepare<[string, string, number], string>(
        `SELECT id FROM problems ${inRange} ORDER BY id LIMIT ?`,
      )
      .pluck(),
    activity: perKind((t) =>
      db.prepare<[string, string, number], ActivityRow>(
        `SELECT * FROM ${t} ${inRange} ORDER BY id LIMIT ?`,
      ),
    ),
    delProblem: db.prepare('DELETE FROM problems WHERE id = ?'),
    delEvents: db.prepare('DELETE FROM problem_events WHERE problem_id = ?'),
    delActivity: perKind((t) => db.prepare(`DELETE FROM ${t} WHERE id = ?`)),
  };

  return {
    counts(): SimulatedCounts {
      const c: SimulatedCounts = {
        problems: st.countProblems.get(FROM, UNTIL)!,
        volunteers: 0,
        partyReports: 0,
        stationVisits: 0,
      };
      for (const k of ACTIVITY_KINDS)
        c[SIMULATED_COUNT_OF[k]] = st.countActivity[k].get(FROM, UNTIL)!;
      return c;
    },
    purgePage(limit): SimulatedPage {
      const page: SimulatedPage = { problems: [], activity: [] };
      for (const id of st.problemIds.all(FROM, UNTIL, limit)) {
        const p = problem(id);
        if (p) {
          removed.problem(p);
          page.problems.push(p);
        }
        st.delEvents.run(id);
        st.delProblem.run(id);
      }
      for (const kind of ACTIVITY_KINDS) {
        const left = limit - page.problems.length - page.activity.length;
        if (left <= 0) break;
        for (const row of st.activity[kind].all(FROM, UNTIL, left)) {
          const a = toActivity(kind, row);
          removed.activity(a);
          page.activity.push(a);
          st.delActivity[kind].run(row.id);
        }
      }
      return page;
    },
  };
}
