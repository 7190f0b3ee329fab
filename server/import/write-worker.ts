// The import's write worker (a run on the embedded store): takes the parse worker's chunks from
// its port and writes each in one transaction on a connection of its own, so no commit, roll-up
// upsert or insert of an import runs on the main thread. The main thread holds the store's queue
// while a chunk is written (it answers `ready` with `go`), so it never waits on this connection's
// lock, and it applies the committed rows to the live figures before its next store call (while
// this thread writes the next chunk, when no other call waits).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { RegionInfo } from '../../shared/protocol';
import { asyncSqlite } from '../store/sqlite-async';
import { openSqliteSync } from '../store/sqlite-store';
import type { Store } from '../store/records';
import { createSliceWriter } from './slice-writer';
import {
  OUTCOMES_PER_PART,
  type GoMessage,
  type RowOutcome,
  type WorkerMessage,
  type WriteJob,
  type WriterMessage,
} from './worker-protocol';

const { job, rows } = workerData as { job: WriteJob; rows: MessagePort };
const main = parentPort!;
const send = (m: WriterMessage) => main.postMessage(m);

const lineages = new Map(job.lineages);
const regions = new Map<string, RegionInfo>(job.regions.map((r) => [r.id, r]));
/** Opened at the first `go`, while the main thread holds the store's queue. */
let store: Store | undefined;
const open = () =>
  (store ??= asyncSqlite(
    openSqliteSync(
      job.file,
      { lineage: (id) => lineages.get(id) ?? [], fingerprint: job.fingerprint },
      // Its writes land on random index pages. 32 MB, not the main connection's 64, is 32 MB less
      // RSS during an import; at 16 a chunk's dirty pages spilled and the indexes were read back
      // page by page (1M-row CSV: 14,171 rows/s and 90 CPU s at 16 MB, 18,527 and 70 s at 32).
      { cacheKb: 32_768 },
    ),
  ));

let outcomes: RowOutcome[] = [];
const writer = createSliceWriter(
  {
    get store() {
      return open();
    },
    index: { regions },
    now: () => job.now,
  },
  job.importId,
  {
    repeated: (r, first) => outcomes.push({ kind: 'repeated', row: r.row, id: r.id, first }),
    stored: (r) => outcomes.push({ kind: 'stored', row: r.row, id: r.id }),
    rejected: (r, code) => outcomes.push({ kind: 'rejected', row: r.row, id: r.id, code }),
    accepted: (p) => outcomes.push({ kind: 'accepted', p }),
  },
  { rows: job.chunkRows },
);

let go: (() => void) | null = null;
main.on('message', (_: GoMessage) => {
  go?.();
  go = null;
});
const held = () => new Promise<void>((ok) => (go = ok));

async function handle(m: WorkerMessage): Promise<void> {
  if (m.type !== 'chunk') {
    // The parser's end: nothing is written after it, so the connection closes first.
    if (m.type !== 'header') await store?.close();
    send(m);
    return;
  }
  const wait = held();
  send({ type: 'ready' });
  await wait;
  outcomes = [];
  for (let i = 0; i < m.rows.length;) i = await writer.writeSlice(m.rows, i);
  const parts = Math.ceil(outcomes.length / OUTCOMES_PER_PART);
  send({ type: 'written', parts, rejects: m.rejects, blanks: m.blanks, bytesRead: m.bytesRead });
  // All parts at once: the main thread may let this thread write the next chunk while it applies
  // them, and a thread busy in a transaction could not answer for a part.
  for (let i = 0; i < outcomes.length; i += OUTCOMES_PER_PART)
    send({ type: 'part', outcomes: JSON.stringify(outcomes.slice(i, i + OUTCOMES_PER_PART)) });
  rows.postMessage({ type: 'ack' });
}

let turn = Promise.resolve();
let failed = false;
rows.on('message', (m: WorkerMessage) => {
  turn = turn.then(async () => {
    if (failed) return;
    try {
      await handle(m);
    } catch (err) {
      // A transaction that failed rolled back: the chunk wrote nothing, and nothing after it is.
      failed = true;
      send({
        type: 'failed',
        code: 'write_failed',
        message: `the rows could not be written: ${(err as Error).message}`.slice(0, 500),
      });
    }
  });
});
