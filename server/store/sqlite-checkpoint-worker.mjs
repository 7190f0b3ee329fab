// The WAL checkpointer's thread (sqlite-checkpointer.ts): its own connection to the database
// file, a PASSIVE checkpoint now and then. Plain JavaScript: it needs no TypeScript loader, so
// it starts in milliseconds and weighs a few MB.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs, behindPages } = workerData;
const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits; a busy handler would only make this thread wait, never the writer.
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // -1: not in WAL mode yet, or the checkpoint lock was held elsewhere this once.
    return r.log >= 0 ? r : null;
  } catch {
    // A lock held elsewhere this once (SQLITE_BUSY): the next round checkpoints.
    return null;
  }
};
// While writes keep coming a round seldom copies the whole log before the next commit adds to
// it, and only a log copied whole starts over (at the next commit). A log past behindPages has
// not started over for a while: the main thread is told, holds its writers still and says 'now'
// (sqlite-checkpointer.ts), and that round copies what is left. Asked again only after another
// behindPages, should the log not start over (a reader on an old snapshot keeps it).
let askAt = behindPages;
let asked = false;
let lastLog = 0;
setInterval(() => {
  const r = checkpoint();
  if (!r) return;
  if (r.log < lastLog) askAt = behindPages; // it started over
  lastLog = r.log;
  if (!asked && r.log >= askAt) {
    asked = true;
    parentPort.postMessage({ type: 'behind' });
  }
}, everyMs);
parentPort.on('message', () => {
  const r = checkpoint();
  asked = false;
  if (r) askAt = r.log + behindPages;
  parentPort.postMessage({ type: 'done' });
});
