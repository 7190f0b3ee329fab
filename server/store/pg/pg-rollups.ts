// The roll-up table (sqlite-rollups.ts on PostgreSQL). A transaction's deltas land as one upsert
// per chunk that adds them to the stored counts inside the database (rollup_add, migration 001),
// so two nodes writing the same region and day both count, with no read-modify-write race.
import {
  decodeBucket,
  emptyBucket,
  encodeBucket,
  type DayBucket,
} from '../../aggregate/day-bucket';
import type { DeltaMap } from '../delta-map';
import { eachKeyset, PAGE_ROWS, type Queryable } from './conn';

interface RollupRow {
  region_id: string;
  day: number;
  counts: number[];
}

export interface PgRollupTable {
  /** Adds a transaction's deltas to the stored rows (inside that transaction). */
  write(deltas: DeltaMap): Promise<void>;
  eachBetween(
    from: number,
    to: number,
    fn: (regionId: string, day: number, b: DayBucket) => void,
  ): Promise<void>;
  eachOf(
    regionId: string,
    from: number,
    to: number,
    fn: (day: number, b: DayBucket) => void,
  ): Promise<void>;
  clear(): Promise<void>;
}

/** How many leading entries of an encoded bucket are counters (the rest: histogram pairs). */
const FIXED = encodeBucket(emptyBucket()).length;
const CHUNK = 2_000;
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function pgRollups(q: Queryable): PgRollupTable {
  return {
    async write(deltas) {
      // Rows in one order (region, day) on every node: two transactions locking the same rows
      // take them in the same order instead of deadlocking.
      const rows: Array<{ id: string; day: number; counts: number[] }> = [];
      for (const id of [...deltas.keys()].sort(byteOrder))
        for (const [day, b] of [...deltas.get(id)!].sort((x, y) => x[0] - y[0])) {
          const counts = encodeBucket(b);
          // A change that cancelled out (an update that moved nothing here) writes nothing.
          if (counts.some((n) => n !== 0)) rows.push({ id, day, counts });
        }
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK);
        const ids = part.map((r) => r.id);
        const days = part.map((r) => r.day);
        await q.query(
          `INSERT INTO rollups (region_id, day, counts)
           SELECT r, d, c::BIGINT[] FROM unnest($1::TEXT[], $2::BIGINT[], $3::TEXT[]) AS u(r, d, c)
           ON CONFLICT (region_id, day)
           DO UPDATE SET counts = rollup_add(rollups.counts, excluded.counts, $4)`,
          [ids, days, part.map((r) => `{${r.counts.join(',')}}`), FIXED],
        );
        // A bucket back at zero is no row at all, as on SQLite. Only a count taken back can
        // bring one there: a chunk that only adds (every insert) skips the round trip.
        if (part.some((r) => r.counts.some((n) => n < 0)))
          await q.query(
            `DELETE FROM rollups WHERE (region_id, day) IN (
               SELECT * FROM unnest($1::TEXT[], $2::BIGINT[])) AND 0 = ALL(counts)`,
            [ids, days],
          );
      }
    },
    eachBetween: (from, to, fn) =>
      eachKeyset<RollupRow>(
        q,
        (after) =>
          after
            ? [
                `SELECT region_id, day, counts FROM rollups WHERE day <= $2
                 AND (day, region_id) > ($1, $3) ORDER BY day, region_id LIMIT ${PAGE_ROWS}`,
                [after.day, to, after.region_id],
              ]
            : [
                `SELECT region_id, day, counts FROM rollups WHERE day BETWEEN $1 AND $2
                 ORDER BY day, region_id LIMIT ${PAGE_ROWS}`,
                [from, to],
              ],
        (r) => fn(r.region_id, r.day, decodeBucket(r.counts)),
      ),
    async eachOf(regionId, from, to, fn) {
      const { rows } = await q.query<RollupRow>(
        'SELECT day, counts FROM rollups WHERE region_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day',
        [regionId, from, to],
      );
      for (const r of rows) fn(r.day, decodeBucket(r.counts));
    },
    clear: async () => void (await q.query('DELETE FROM rollups')),
  };
}
