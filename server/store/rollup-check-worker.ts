// The roll-up check, in a worker thread: counts every stored row from scratch and compares the
// result with the stored roll-ups, in one read transaction on its own read-only connection, so
// neither the walls' event loop nor the writers wait for it.
import { parentPort, workerData } from 'node:worker_threads';
import { compareStored, countRows } from './rollup-rebuild';
import { openSqliteReader } from './sqlite-store';

const { file, lineages } = workerData as { file: string; lineages: Array<[string, string[]]> };
const tree = new Map(lineages);

try {
  const reader = openSqliteReader(file);
  const result = reader.snapshot(() => {
    const counted = countRows(reader, { lineage: (id) => tree.get(id) ?? [], fingerprint: '' });
    return compareStored(counted, reader.eachRollupEncoded);
  });
  reader.close();
  parentPort!.postMessage({ ok: true, ...result });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: String(err) });
}
