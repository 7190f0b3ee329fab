// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside the COMMIT that
// takes the log past 1,000 pages, on the committing connection: it copies those pages into the
// database file and fsyncs it, on the main thread a 10-600 ms stall on a loaded disk, whatever
// that write was (an import slice, an ingest call). A worker thread with its own connection
// copies them instead, in PASSIVE mode, which never waits for a lock, nor do its locks make the
// writer wait. Its checkpoints seldom end with nothing left to copy while writes keep coming
// (an import), and only then can the log start over; so the main connection still checkpoints
// itself past LOG_PAGES, which then finds little left to copy, and the log stays bounded. So does
// every other connection of ours (openDatabase): a writer thread's (an import's, the batch's) at
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

/** Moves most of `db`'s checkpoint work to a worker; returns its stop (call before closing). */
export function checkpointElsewhere(db: Database.Database, file: string): () => void {
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, everyMs: EVERY_MS },
  });
  // It must not keep a process alive that is otherwise done, nor end one when it fails: the
  // main connection then checkpoints as before.
  worker.unref();
  worker.on('error', () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  });
  return () => void worker.terminate();
}
