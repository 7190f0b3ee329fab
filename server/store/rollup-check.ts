// Starts the roll-up check in a worker thread (rollup-check-worker.ts on a SQLite file,
// pg/rollup-check-pg-worker.ts on PostgreSQL) and reports its result; calls while one runs share
// it. The TypeScript worker boots through the import's tsx shim, as the dataset check does.
import { Worker } from 'node:worker_threads';
import type { Store } from './records';
import type { RollupRegions } from './rollup-deltas';
import { compareCountsOf, countRowsOf, storedRollupsOf } from './rollup-rebuild';

export interface RollupCheck {
  identical: boolean;
  /** Regions whose stored roll-ups differ from a count of the rows (sorted). */
  differing: string[];
  ms: number;
}

let running: Promise<RollupCheck> | null = null;

/** What the worker reads: a SQLite file, or a PostgreSQL database over a connection of its own. */
export type CheckedStore = { file: string } | { databaseUrl: string };

export function checkRollups(
  db: CheckedStore,
  lineages: Array<[string, readonly string[]]>,
): Promise<RollupCheck> {
  running ??= new Promise<RollupCheck>((ok, fail) => {
    const t0 = performance.now();
    // Each entry spelled out as a `new URL` of its own: that is how knip sees the file is used.
    const entry =
      'file' in db
        ? new URL('./rollup-check-worker.ts', import.meta.url)
        : new URL('./pg/rollup-check-pg-worker.ts', import.meta.url);
    const worker = new Worker(new URL('../import/worker-boot.mjs', import.meta.url), {
      workerData: { entry: entry.href, ...db, lineages },
    });
    worker.once('message', (m: { ok: boolean; differing?: string[]; message?: string }) => {
      void worker.terminate();
      if (!m.ok || !m.differing) return fail(new Error(m.message ?? 'no result'));
      const ms = Math.round(performance.now() - t0);
      ok({ identical: m.differing.length === 0, differing: m.differing, ms });
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the roll-up check stopped (exit ${code})`)));
  }).finally(() => (running = null));
  return running;
}

/**
 * The same check through the store itself, for an in-memory database (no file a worker could
 * open): its rows are few, and the comparison yields between slices.
 */
export async function checkRollupsHere(store: Store, regions: RollupRegions): Promise<RollupCheck> {
  const t0 = performance.now();
  // One read transaction: the rows and the roll-ups counted are of the same moment.
  const read = store.readSnapshot?.bind(store) ?? ((fn) => store.transaction(fn));
  const [counted, stored] = await read(
    async (tx: Store) => [await countRowsOf(tx, regions), await storedRollupsOf(tx)] as const,
  );
  // Outside the read transaction: writers need not wait for the comparison.
  const { differing } = await compareCountsOf(counted, stored);
  return { identical: differing.length === 0, differing, ms: Math.round(performance.now() - t0) };
}

/** Checks daily; a difference is logged as an error (the timer never keeps the process alive). */
export function startNightlyCheck(
  check: () => Promise<RollupCheck>,
  onResult: (r: RollupCheck) => void,
  onError: (err: unknown) => void,
  everyMs = 86_400_000,
): () => void {
  const timer = setInterval(() => void check().then(onResult, onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
