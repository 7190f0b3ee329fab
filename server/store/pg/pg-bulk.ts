// Bulk inserts on PostgreSQL: COPY into temporary staging tables, then one INSERT … SELECT …
// ON CONFLICT DO NOTHING per table. A few statements per call instead of one round trip per row
// (the demo back-fill's 100,000 rows took ~110 s one by one). Same rows, order and roll-ups as
// SQLite's loop (sqlite-bulk.ts): within a call the first row of an id wins, and rows are
// inserted in the order given, so the identity columns (rid, seq) order them as SQLite's rowid.
import type {
  ActivityRecord,
  BulkRows,
  ProblemEventRecord,
  ProblemRecord,
  Store,
} from '../records';
import { COLS, toRow } from '../sqlite-problem-row';
import { ACTIVITY_KINDS, ACTIVITY_TABLES } from '../sqlite-activity';
import type { Queryable } from './conn';
import type { CopyIn, CopyRow } from './pg-copy';
import { eventValues } from './pg-problems';

const EVENT_COLS = ['id', 'problem_id', 'kind', 'stage', 'tier', 'rating', 'at'];
const ACTIVITY_COLS: Record<ActivityRecord['kind'], string[]> = {
  volunteer: ['id', 'region_id', 'tenths', 'at'],
  party: ['id', 'region_id', 'at'],
  visit: ['id', 'station_id', 'region_id', 'at'],
};
const activityValues = (a: ActivityRecord): CopyRow => {
  switch (a.kind) {
    case 'volunteer':
      return [a.record.id, a.record.regionId, a.record.tenths, a.record.at];
    case 'party':
      return [a.record.id, a.record.regionId, a.record.at];
    case 'visit':
      return [a.record.id, a.record.stationId, a.record.regionId, a.record.at];
  }
};

/**
 * A staging table shaped like `table`'s `cols` plus `extra` (n: the row's place in the call).
 * Dropped at the end of the transaction; emptied first when the same transaction used it before.
 */
async function stage(q: Queryable, name: string, table: string, cols: string[], extra: string) {
  await q.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${name} ON COMMIT DROP AS
     SELECT ${extra}, ${cols.join(', ')} FROM ${table} WITH NO DATA`,
  );
  await q.query(`TRUNCATE ${name}`);
}

/**
 * Staged rows into `table`: the first row of each id (by n), in n order, skipping ids stored.
 * Answers the n of each row stored.
 */
async function insertStaged(
  q: Queryable,
  name: string,
  table: string,
  cols: string[],
): Promise<number[]> {
  const list = cols.join(', ');
  const { rows } = await q.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO ${table} (${list})
       SELECT ${list} FROM (SELECT DISTINCT ON (id) * FROM ${name} ORDER BY id, n) s
       ORDER BY n
       ON CONFLICT (id) DO NOTHING RETURNING id)
     SELECT MIN(s.n) AS n FROM ins JOIN ${name} s USING (id) GROUP BY s.id`,
  );
  return rows.map((r) => r.n);
}

export function pgBulk(
  q: Queryable,
  copy: CopyIn,
  hook: { problem(p: ProblemRecord): void; activity(a: ActivityRecord): void },
): Pick<Store, 'insertMany'> {
  async function problems(
    given: NonNullable<BulkRows['problems']>,
    loose: ProblemEventRecord[],
  ): Promise<string[]> {
    if (given.length === 0) return [];
    await stage(q, 'bulk_problems', 'problems', COLS, '0::INT AS n');
    await copy(
      `bulk_problems (n, ${COLS.join(', ')})`,
      given.map(({ p }, n) => {
        const row = toRow(p);
        return [n, ...COLS.map((c) => row[c])];
      }),
    );
    const stored = new Set(await insertStaged(q, 'bulk_problems', 'problems', COLS));
    if (stored.size === 0) return [];
    const ids: string[] = [];
    given.forEach(({ p }, grp) => {
      if (stored.has(grp)) ids.push(p.id);
    });
    const storedIds = new Set(ids);
    let n = 0;
    const events: CopyRow[] = [];
    const row = (e: ProblemEventRecord, grp: number): CopyRow => [n++, grp, ...eventValues(e)];
    given.forEach(({ events: evs }, grp) => {
      if (stored.has(grp)) for (const e of evs) events.push(row(e, grp));
    });
    for (const e of loose) if (storedIds.has(e.problemId)) events.push(row(e, -1));
    if (events.length > 0) {
      await stage(q, 'bulk_events', 'problem_events', EVENT_COLS, '0::INT AS n, 0::INT AS grp');
      await copy(`bulk_events (n, grp, ${EVENT_COLS.join(', ')})`, events);
      await insertStaged(q, 'bulk_events', 'problem_events', EVENT_COLS);
    }
    given.forEach(({ p }, grp) => {
      if (stored.has(grp)) hook.problem(p);
    });
    return ids;
  }

  /** The place in `given` of each row stored, ascending. */
  async function activity(given: ActivityRecord[]): Promise<number[]> {
    const storedAt: number[] = [];
    for (const kind of ACTIVITY_KINDS) {
      const mine: number[] = [];
      given.forEach((a, at) => a.kind === kind && mine.push(at));
      if (mine.length === 0) continue;
      const name = `bulk_${ACTIVITY_TABLES[kind]}`;
      const cols = ACTIVITY_COLS[kind];
      await stage(q, name, ACTIVITY_TABLES[kind], cols, '0::INT AS n');
      await copy(
        `${name} (n, ${cols.join(', ')})`,
        mine.map((at, n) => [n, ...activityValues(given[at]!)]),
      );
      const stored = await insertStaged(q, name, ACTIVITY_TABLES[kind], cols);
      for (const n of stored.sort((x, y) => x - y)) {
        hook.activity(given[mine[n]!]!);
        storedAt.push(mine[n]!);
      }
    }
    return storedAt.sort((x, y) => x - y);
  }

  return {
    insertMany: async (rows) => {
      const ids = await problems(rows.problems ?? [], rows.events ?? []);
      const storedActivity = await activity(rows.activity ?? []);
      return { problems: ids, activity: storedActivity.length, storedActivity };
    },
  };
}
