// Writes an import's rows in slices: each slice is one transaction sized so that its checks,
// inserts, roll-up write and commit hold the main thread about SLICE_MS, and the caller yields
// between slices. Rows are checked in plain JS first (repeated id, already stored, grid), so a
// slice normally writes without a savepoint per row; only when the database refuses something
// is the slice written again one savepoint per row, so one bad row never takes good ones along.
import type { ProblemRecord, Store } from '../store/records';
import type { NormalRow } from './normalize-row';
import { insertRecord, planRow, recordRows, type PlanDeps } from './write-rows';
import { rowRefused } from '../store/refused';
import { IdSet } from './id-set';

/**
 * Main-thread time one slice aims at, its commit (an fsync) included: the event loop must never
 * be blocked > 50 ms, so half of that is left for a slow fsync and the hub's next batch. Aiming
 * at 15 ms on a loaded machine (fsyncs of 10-15 ms) shrank slices to ~20 rows, and the commits
 * then cost more than the rows (760 rows/s against 1,282 at 25 ms, 20k-row CSV, load 10).
 */
export const SLICE_MS = 25;
/** Slice sizes stay within these bounds whatever one slow commit suggests. */
const MIN_ROWS = 8;
const MAX_ROWS = 2000;

/** 53-bit hash of an id: an IdSet holds a million rows' identities in 16 MB. */
export function idHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** The next slice's size from the last one's: aim at SLICE_MS, grow at most ×2 at a time. */
export function nextSliceRows(rows: number, ms: number): number {
  const aimed = Math.round((rows * SLICE_MS) / Math.max(ms, 0.5));
  return Math.min(MAX_ROWS, Math.max(MIN_ROWS, Math.min(rows * 2, aimed)));
}

/** A row as its outcome names it: its number in the file and its id. */
export type RowRef = Pick<NormalRow, 'row' | 'id'>;

export interface SliceOutcome {
  /** A row the file repeats; `first` is true the first time its id repeats. */
  repeated(row: RowRef, first: boolean): void;
  /** A row whose id is stored already (an earlier import of the same file). */
  stored(row: RowRef): void;
  rejected(row: RowRef, code: string): void;
  /** Called after the commit, in row order. */
  accepted(p: ProblemRecord): void;
}

/** What the writer works with: a store and what planning a row needs. */
export interface WriterDeps extends PlanDeps {
  store: Store;
}

/** A row the bulk insert skipped: its id was stored after the slice's plan looked. */
class StoredMeanwhile extends Error {}

/** A database refusal of one row (a constraint), as opposed to a broken disk or connection. */
const refused = rowRefused;

/**
 * `rows` fixes the slice size: a writer on its own thread (write-worker.ts) holds no event loop
 * and writes each chunk in one transaction, so roll-up rows are rewritten once per chunk.
 */
export function createSliceWriter(
  deps: WriterDeps,
  importId: string,
  out: SliceOutcome,
  opts: { rows?: number } = {},
) {
  const seen = new IdSet();
  const repeated = new IdSet();
  let size = opts.rows ?? 64;

  /** The rows of rows[from..to) that pass the plain-JS checks (and are not stored), as records. */
  async function plan(tx: Store, rows: NormalRow[], from: number, to: number) {
    const ready: Array<{ row: NormalRow; p: ProblemRecord }> = [];
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      const h = idHash(row.id);
      if (seen.has(h)) {
        out.repeated(row, repeated.add(h));
        continue;
      }
      seen.add(h);
      if (await tx.getProblem(row.id)) {
        out.stored(row);
        continue;
      }
      const r = planRow(deps, row);
      if (r.ok) ready.push({ row, p: r.record });
      else out.rejected(row, r.code);
    }
    return ready;
  }

  type Ready = Array<{ row: NormalRow; p: ProblemRecord }>;

  /**
   * All rows in one savepoint and one bulk insert; false (nothing stored) when the database
   * refused one, or skipped one as stored (another writer's since plan read it): row by row,
   * that row is then refused on its own, as before.
   */
  async function writeAll(tx: Store, ready: Ready): Promise<boolean> {
    try {
      await tx.transaction(async () => {
        const stored = await tx.insertMany({
          problems: ready.map((r) => recordRows(r.p, deps.now())),
        });
        if (stored.problems.length < ready.length) throw new StoredMeanwhile();
        await tx.imports.link(
          importId,
          ready.map((r) => r.row.id),
        );
      });
      return true;
    } catch (err) {
      if (refused(err) || err instanceof StoredMeanwhile) return false;
      throw err;
    }
  }

  /** Row by row, each in its own savepoint: the refused ones are rejected, the rest stored. */
  async function writeEach(tx: Store, ready: Ready): Promise<Ready> {
    const ok: Ready = [];
    for (const r of ready)
      try {
        await tx.transaction(() => insertRecord(tx, r.p, deps.now()));
        ok.push(r);
      } catch (err) {
        if (!refused(err)) throw err;
        out.rejected(r.row, 'write_refused');
      }
    await tx.imports.link(
      importId,
      ok.map((r) => r.row.id),
    );
    return ok;
  }

  /**
   * Writes one slice from rows[from] in one transaction; returns where the next one starts. The
   * stored rows count into the live figures right after the commit (before the store runs
   * anything else).
   */
  async function writeSlice(rows: NormalRow[], from: number): Promise<number> {
    const t0 = performance.now();
    const to = Math.min(rows.length, from + size);
    await deps.store.transaction(
      async (tx) => {
        const ready = await plan(tx, rows, from, to);
        return ready.length === 0 || (await writeAll(tx, ready)) ? ready : writeEach(tx, ready);
      },
      (stored) => {
        for (const r of stored) out.accepted(r.p);
      },
      // No fsync per slice on the main thread: the import's end is an ordinary commit, which
      // flushes them all. A writer on its own thread (fixed `rows`) flushes its own commits, one
      // per chunk of thousands of rows: else the main thread's next commit would flush them, an
      // fsync of tens of MB of log in the event loop.
      { deferFlush: !opts.rows },
    );
    if (!opts.rows) size = nextSliceRows(to - from, performance.now() - t0);
    return to;
  }

  return { writeSlice };
}
