// Records the built-in simulator wrote (ids under SIMULATED_ID_PREFIX): counted for the admin
// console and purged page by page, so a real district's figures can be rid of invented ones.
// Ranges on the primary keys ('SIM-' ≤ id < 'SIM.') keep both index-only, whatever the table size.
import type Database from 'better-sqlite3';
import {
  SIMULATED_ID_PREFIX,
  type ActivityRecord,
  type ProblemRecord,
  type SimulatedPage,
  type SimulatedStore,
} from './records';
import type { SimulatedCounts } from '../../shared/admin-api';

const FROM = SIMULATED_ID_PREFIX;
// The first string after every id that starts with the prefix ('-' + 1 is '.').
const UNTIL = FROM.slice(0, -1) + String.fromCharCode(FROM.charCodeAt(FROM.length - 1) + 1);

const TABLES = {
  problems: 'problems',
  volunteers: 'volunteer_checkins',
  partyReports: 'party_reports',
  stationVisits: 'station_visits',
} as const;

export function sqliteSimulated(
  db: Database.Database,
  problem: (id: string) => ProblemRecord | undefined,
  /** Run in the purge's transaction: the roll-ups take each record's figures back. */
  removed: { problem(p: ProblemRecord): void; activity(a: ActivityRecord): void },
): SimulatedStore {
  const range = (table: string, cols: string, limit = '') =>
    db.prepare(`SELECT ${cols} FROM ${table} WHERE id >= ? AND id < ? ORDER BY id ${limit}`);
  const count = (table: string) =>
    db
      .prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE id >= ? AND id < ?`,
      )
      .pluck(false);
  const st = {
    counts: Object.entries(TABLES).map(([k, t]) => [k, count(t)] as const),
    problemIds: range('problems', 'id', 'LIMIT ?').pluck(),
    volunteers: range('volunteer_checkins', 'id, region_id, tenths, at', 'LIMIT ?'),
    party: range('party_reports', 'id, region_id, at', 'LIMIT ?'),
    visits: range('station_visits', 'id, station_id, region_id, at', 'LIMIT ?'),
    delProblem: db.prepare('DELETE FROM problems WHERE id = ?'),
    delEvents: db.prepare('DELETE FROM problem_events WHERE problem_id = ?'),
    del: Object.fromEntries(
      Object.entries(TABLES).map(([k, t]) => [k, db.prepare(`DELETE FROM ${t} WHERE id = ?`)]),
    ) as Record<keyof typeof TABLES, Database.Statement>,
  };
  type Row = { id: string; region_id: string; station_id?: string; tenths?: number; at: number };

  return {
    counts(): SimulatedCounts {
      const c = Object.fromEntries(
        st.counts.map(([k, s]) => [k, (s.get(FROM, UNTIL) as { n: number }).n]),
      );
      return c as unknown as SimulatedCounts;
    },
    purgePage(limit): SimulatedPage {
      const page: SimulatedPage = { problems: [], activity: [] };
      for (const id of st.problemIds.all(FROM, UNTIL, limit) as string[]) {
        const p = problem(id);
        if (p) {
          removed.problem(p);
          page.problems.push(p);
        }
        st.delEvents.run(id);
        st.delProblem.run(id);
      }
      const take = (
        rows: Row[],
        key: keyof typeof TABLES,
        toRecord: (r: Row) => ActivityRecord,
      ) => {
        for (const r of rows) {
          const a = toRecord(r);
          removed.activity(a);
          page.activity.push(a);
          st.del[key].run(r.id);
        }
      };
      const left = () => limit - page.problems.length - page.activity.length;
      if (left() > 0)
        take(st.volunteers.all(FROM, UNTIL, left()) as Row[], 'volunteers', (r) => ({
          kind: 'volunteer',
          record: { id: r.id, regionId: r.region_id, tenths: r.tenths!, at: r.at },
        }));
      if (left() > 0)
        take(st.party.all(FROM, UNTIL, left()) as Row[], 'partyReports', (r) => ({
          kind: 'party',
          record: { id: r.id, regionId: r.region_id, at: r.at },
        }));
      if (left() > 0)
        take(st.visits.all(FROM, UNTIL, left()) as Row[], 'stationVisits', (r) => ({
          kind: 'visit',
          record: { id: r.id, stationId: r.station_id!, regionId: r.region_id, at: r.at },
        }));
      return page;
    },
  };
}
