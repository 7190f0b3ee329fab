// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside the COMMIT that
// takes the log past 1,000 pages, on the committing connection: it copies those pages into the
// database file and fsyncs it, on the main thread a 10-600 ms stall on a loaded disk, whatever
// that write was (an import slice, an ingest call). A worker thread with its own connection
// copies them instead, in PASSIVE mode, which never waits for a lock, nor do its locks make the
// writer wait. Its checkpoints seldom end with nothing left to copy while writes keep coming
// (an import, 64 callers), and only then can the log start over: past BEHIND_PAGES the worker
// asks for a quiet spell, the store holds its writers still (its queue, which every writer of
// the file goes through) while the worker copies the rest, and the next commit starts the log
// over. Every connection of ours (openDatabase) still checkpoints itself past LOG_PAGES, should
// all that fail, so the log stays bounded; a writer thread's (an import's, the batch's) at
// SQLite's default of 1,000 pages checkpointed inside most of its COMMITs, copying and fsyncing
// the database file on the write's path (bench:batch: a third of the writer thread's time).
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const EVERY_MS = 250;
/** The log's size (4 KB pages) past which a writer's own COMMIT checkpoints (40 MB). */
export const LOG_PAGES = 10_000;
/** SQLite's own default, for a connection whose worker failed. */
const DEFAULT_PAGES = 1000;

/**
 * The log's size (4 KB pages, 16 MB) past which the worker, finding it behind, asks for a quiet
 * spell (Checkpoints.quietWith) to finish its checkpoint, so no writer's own COMMIT reaches
 * LOG_PAGES and checkpoints on its thread.
 */
export const BEHIND_PAGES = 4_000;
/** A quiet spell ends after this long even if the worker never answers. */
const QUIET_MAX_MS = 5_000;

/** The worker's word: the log is past BEHIND_PAGES, or the round asked for is done. */
interface CheckpointReport {
  type: 'behind' | 'done';
}

export interface Checkpoints {
  /**
   * How to hold every writer of the file still (the async store's queue): with it, a log past
   * BEHIND_PAGES that the worker could not finish while commits kept coming is finished while
   * none can, and the next commit starts the log over. Its writers' COMMITs then never copy the
   * log themselves: with 64 callers on 1M problems the main connection's own checkpoint past
   * LOG_PAGES held the event loop 100-324 ms a few times a minute (bench:writes, bench:scale).
   */
  quietWith(hold: (fn: () => Promise<void>) => Promise<void>): void;
  /** Quiet checkpoints finished, whether or not the log was all copied (tests). */
  quietCount(): number;
  /** Ends the worker (call before closing). */
  stop(): void;
}

/** Moves most of `db`'s checkpoint work to a worker. */
export function checkpointElsewhere(
  db: Database.Database,
  file: string,
  everyMs = EVERY_MS,
): Checkpoints {
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, everyMs, behindPages: BEHIND_PAGES },
  });
  // It must not keep a process alive that is otherwise done, nor end one when it fails: the
  // main connection then checkpoints as before.
  worker.unref();
  let failed = false;
  let hold: ((fn: () => Promise<void>) => Promise<void>) | null = null;
  let quieting = false;
  let quiet = 0;
  let answered: (() => void) | null = null;
  worker.on('error', () => {
    failed = true;
    answered?.();
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  });
  worker.on('message', (m: CheckpointReport) => {
    if (m.type === 'done') return answered?.();
    if (quieting || failed) return;
    // Nobody to hold the writers (a store without the async queue): a round as any other.
    if (!hold) return worker.postMessage('now');
    quieting = true;
    void hold(
      () =>
        new Promise<void>((done) => {
          const timer = setTimeout(done, QUIET_MAX_MS);
          answered = () => {
            clearTimeout(timer);
            done();
          };
          worker.postMessage('now');
        }),
    ).then(
      () => {
        answered = null;
        quiet += 1;
        quieting = false;
      },
      // The store closed meanwhile: nothing left to quiet.
      () => {
        answered = null;
        quieting = false;
      },
    );
  });
  return {
    quietWith: (h) => void (hold = h),
    quietCount: () => quiet,
    stop: () => void worker.terminate(),
  };
}
