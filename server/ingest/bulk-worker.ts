// The batch's bulk writer thread (bulk-off-thread.ts): a connection of its own to the SQLite file,
// placing roll-ups as the main store does, writing one planned part of /api/batch per message in
// one transaction, durable (its log fsync'd) before it answers. The main thread holds the store's
// queue meanwhile, so neither connection ever waits on the other's lock.
import { parentPort, workerData } from 'node:worker_threads';
import { asyncSqlite } from '../store/sqlite-async';
import { openSqliteSync } from '../store/sqlite-store';
import type { BulkInserted } from '../store/records';
import type { BulkReply, BulkRequest } from './bulk-protocol';

const { file, lineages, fingerprint, exitAfterCommit } = workerData as {
  file: string;
  lineages: Array<[string, string[]]>;
  fingerprint: string;
  exitAfterCommit: boolean;
};
const tree = new Map(lineages);
const store = asyncSqlite(
  openSqliteSync(
    file,
    { lineage: (id) => tree.get(id) ?? [], fingerprint },
    // As the import's writer (write-worker.ts): its inserts land on random index pages.
    { cacheKb: 32_768 },
  ),
);

/** A create the plan built on was stored already: nothing of the part may be written. */
class Missed extends Error {}

async function write(m: BulkRequest): Promise<{ res: BulkInserted; refusedStored: string[] }> {
  return store.transaction(async (tx) => {
    // Before the part's own creates: the single op answers a refused create of a stored id as a
    // duplicate, of an id the same part creates later as refused.
    const refusedStored: string[] = [];
    for (const id of m.refused) if (await tx.getProblem(id)) refusedStored.push(id);
    const res = await tx.insertMany(m.rows);
    const stored = new Set(res.problems);
    if (m.dependents.some((id) => !stored.has(id))) throw new Missed();
    return { res, refusedStored };
  });
}

const port = parentPort!;
let turn = Promise.resolve();
port.on('message', (m: BulkRequest | 'close') => {
  turn = turn.then(async () => {
    if (m === 'close') {
      await store.close();
      port.close();
      return;
    }
    let reply: BulkReply;
    try {
      reply = { id: m.id, ok: true, ...(await write(m)) };
      // Tests: a writer lost between its COMMIT and its answer (bulk-off-thread.ts, `lost`).
      if (exitAfterCommit) process.exit(1);
    } catch (err) {
      reply = { id: m.id, ok: false, missed: err instanceof Missed, message: String(err) };
    }
    port.postMessage(reply);
  });
});
