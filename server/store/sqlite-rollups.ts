// The roll-up table: one row per region and local day with that day's counters (the aggregator's
// day buckets), written in the same transaction as the rows they count. Start-up reads these
// (regions × days) instead of recounting every stored problem.
import type Database from 'better-sqlite3';
import {
  addBucket,
  addEncoded,
  decodeBucket,
  encodeBucket,
  type DayBucket,
} from '../aggregate/day-bucket';
import type { DeltaMap } from './delta-map';

interface RollupRow {
  region_id: string;
  day: number;
  counts: string;
}

export interface RollupTable {
  /** Adds a committed transaction's deltas to the stored rows (inside that transaction). */
  write(deltas: DeltaMap): void;
  /** Every stored bucket of days `from`..`to` (inclusive). */
  eachBetween(
    from: number,
    to: number,
    fn: (regionId: string, day: number, b: DayBucket) => void,
  ): void;
  /** One region's stored buckets of days `from`..`to` (a primary-key range). */
  eachOf(regionId: string, from: number, to: number, fn: (day: number, b: DayBucket) => void): void;
  /** Every stored row as written (encodeBucket's array as JSON), unparsed: the check's read. */
  eachEncoded(fn: (regionId: string, day: number, counts: string) => void): void;
  clear(): void;
}

export function sqliteRollups(db: Database.Database): RollupTable {
  const st = {
    get: db
      .prepare<[string, number], string>(
        'SELECT counts FROM rollups WHERE region_id = ? AND day = ?',
      )
      .pluck(),
    insert: db.prepare('INSERT INTO rollups (region_id, day, counts) VALUES (?, ?, ?)'),
    update: db.prepare('UPDATE rollups SET counts = ? WHERE region_id = ? AND day = ?'),
    del: db.prepare('DELETE FROM rollups WHERE region_id = ? AND day = ?'),
    of: db.prepare<[string, number, number], RollupRow>(
      'SELECT region_id, day, counts FROM rollups WHERE region_id = ? AND day BETWEEN ? AND ?',
    ),
    between: db.prepare<[number, number], RollupRow>(
      'SELECT region_id, day, counts FROM rollups WHERE day BETWEEN ? AND ?',
    ),
  };
  // Every row handed to JS by a SQL function SQLite calls per row, as eachProblemFacts reads the
  // problems (sqlite-problems.ts): a fraction of iterate()'s cost per row.
  let visit: ((regionId: string, day: number, counts: string) => void) | null = null;
  db.function(
    'scb_rollup_row',
    { deterministic: false, directOnly: true },
    (regionId: string, day: number, counts: string) => void visit!(regionId, day, counts),
  );
  const all = db.prepare('SELECT count(scb_rollup_row(region_id, day, counts)) FROM rollups');
  // A pure addition (what imports and new rows give) is one upsert per touched row: the
  // stored counts are added to in SQLite, through rollup_add, without a read first.
  let adding: number[] | null = null;
  db.function('rollup_add', { deterministic: false }, (stored: unknown) =>
    JSON.stringify(addEncoded(JSON.parse(stored as string) as number[], adding!)),
  );
  const upsert = db.prepare(
    `INSERT INTO rollups (region_id, day, counts) VALUES (?, ?, ?)
     ON CONFLICT (region_id, day) DO UPDATE SET counts = rollup_add(counts)`,
  );
  /** Read, add, write back or delete: a change that takes counts away may empty a row. */
  function change(id: string, day: number, delta: DayBucket): void {
    const stored = st.get.get(id, day);
    let b = delta;
    if (stored) {
      b = decodeBucket(JSON.parse(stored) as number[]);
      addBucket(b, delta);
    }
    const counts = encodeBucket(b);
    const empty = counts.every((n) => n === 0);
    if (!stored) {
      if (!empty) st.insert.run(id, day, JSON.stringify(counts));
    } else if (empty) st.del.run(id, day);
    else st.update.run(JSON.stringify(counts), id, day);
  }
  return {
    write(deltas) {
      // In key order: each upsert then finds its row next to the last one's, in pages already
      // in the cache, rather than anywhere in the table.
      for (const id of [...deltas.keys()].sort()) {
        const days = deltas.get(id)!;
        for (const day of [...days.keys()].sort((a, b) => a - b)) {
          const delta = days.get(day)!;
          const counts = encodeBucket(delta);
          if (counts.some((n) => n < 0)) change(id, day, delta);
          else if (counts.some((n) => n > 0)) {
            // No count below zero and one above: the sum is never an empty row.
            adding = counts;
            upsert.run(id, day, JSON.stringify(counts));
          }
        }
      }
    },
    eachBetween(from, to, fn) {
      for (const r of st.between.iterate(from, to))
        fn(r.region_id, r.day, decodeBucket(JSON.parse(r.counts) as number[]));
    },
    eachOf(regionId, from, to, fn) {
      for (const r of st.of.all(regionId, from, to))
        fn(r.day, decodeBucket(JSON.parse(r.counts) as number[]));
    },
    eachEncoded(fn) {
      visit = fn;
      try {
        all.get();
      } finally {
        visit = null;
      }
    },
    clear: () => void db.exec('DELETE FROM rollups'),
  };
}
