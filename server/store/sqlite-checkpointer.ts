// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside the COMMIT that
// takes the log past 1,000 pages, on the committing connection, and fsyncs the database file:
// on the main thread a 10-600 ms stall on a loaded disk, whatever that write was (an import
// slice, an ingest call). The main connection turns it off, and a worker thread with its own
// connection checkpoints in PASSIVE mode, which never waits for a lock; nor do its locks make
// the writer wait (a writer restarts the log only when it gets the locks at once, else later).
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints; the log then holds about this long's writes. */
const EVERY_MS = 500;

/** Moves `db`'s checkpoints to a worker; returns its stop (before the connection closes). */
export function checkpointElsewhere(db: Database.Database, file: string): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, everyMs: EVERY_MS },
  });
  // It must not keep a process alive that is otherwise done, nor end one when it fails: the
  // main connection then checkpoints again itself.
  worker.unref();
  worker.on('error', () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  return () => void worker.terminate();
}
