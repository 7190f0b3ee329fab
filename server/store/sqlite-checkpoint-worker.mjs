// The WAL checkpointer's thread (sqlite-checkpointer.ts): its own connection to the database
// file, a PASSIVE checkpoint now and then. Plain JavaScript: it needs no TypeScript loader, so
// it starts in milliseconds and weighs a few MB.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

const { file, everyMs } = workerData;
const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits; a busy handler would only make this thread wait, never the writer.
db.pragma('busy_timeout = 0');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A lock held elsewhere this once (SQLITE_BUSY): the next round checkpoints.
  }
}, everyMs);
