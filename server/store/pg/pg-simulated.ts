// Records the built-in simulator wrote (sqlite-simulated.ts on PostgreSQL): counted, and purged
// page by page in id order. Ranges on the primary keys (COLLATE "C": byte order, as SQLite).
import {
  SIMULATED_COUNT_OF,
  SIMULATED_ID_PREFIX,
  SIMULATED_ID_UNTIL,
  type ActivityRecord,
  type Store,
  type ProblemRecord,
  type SimulatedPage,
} from '../records';
import { ACTIVITY_KINDS, ACTIVITY_TABLES, toActivity, type ActivityRow } from '../sqlite-activity';
import { toRecord, type ProblemRow } from '../sqlite-problem-row';
import type { SimulatedCounts } from '../../../shared/admin-api';
import type { Queryable } from './conn';

const FROM = SIMULATED_ID_PREFIX;
const UNTIL = SIMULATED_ID_UNTIL;
const IN_RANGE = 'id >= $1 AND id < $2';

/** The rows `DELETE … RETURNING` gave back, in the order of the ids selected before it. */
const inOrder = <R extends { id: string }>(ids: string[], rows: R[]): R[] => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
};

export function pgSimulated(
  q: Queryable,
  /** Run in the purge's transaction: the roll-ups take each record's figures back. */
  removed: { problem(p: ProblemRecord): void; activity(a: ActivityRecord): void },
): Store['simulated'] {
  const ids = async (table: string, limit: number) =>
    (
      await q.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE ${IN_RANGE} ORDER BY id LIMIT $3 FOR UPDATE`,
        [FROM, UNTIL, limit],
      )
    ).rows.map((r) => r.id);
  return {
    async counts() {
      const n = async (table: string) =>
        (
          await q.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${IN_RANGE}`, [
            FROM,
            UNTIL,
          ])
        ).rows[0]!.n;
      const c: SimulatedCounts = {
        problems: await n('problems'),
        volunteers: 0,
        partyReports: 0,
        stationVisits: 0,
      };
      for (const k of ACTIVITY_KINDS) c[SIMULATED_COUNT_OF[k]] = await n(ACTIVITY_TABLES[k]);
      return c;
    },
    async purgePage(limit) {
      const page: SimulatedPage = { problems: [], activity: [] };
      const pids = await ids('problems', limit);
      if (pids.length) {
        await q.query('DELETE FROM problem_events WHERE problem_id = ANY($1::TEXT[])', [pids]);
        const { rows } = await q.query<ProblemRow>(
          'DELETE FROM problems WHERE id = ANY($1::TEXT[]) RETURNING *',
          [pids],
        );
        for (const r of inOrder(pids, rows)) {
          const p = toRecord(r);
          removed.problem(p);
          page.problems.push(p);
        }
      }
      for (const kind of ACTIVITY_KINDS) {
        const left = limit - page.problems.length - page.activity.length;
        if (left <= 0) break;
        const aids = await ids(ACTIVITY_TABLES[kind], left);
        if (!aids.length) continue;
        const { rows } = await q.query<ActivityRow>(
          `DELETE FROM ${ACTIVITY_TABLES[kind]} WHERE id = ANY($1::TEXT[]) RETURNING *`,
          [aids],
        );
        for (const r of inOrder(aids, rows)) {
          const a = toActivity(kind, r);
          removed.activity(a);
          page.activity.push(a);
        }
      }
      return page;
    },
  };
}
