// Runs data:check's inspectDataset off the main thread: on a real district it takes seconds of
// CPU, and the walls' event loop must never be blocked > 50 ms.
import { parentPort, workerData } from 'node:worker_threads';
import { formatProblem, inspectDataset } from '../dataset/check';

const { dir } = workerData as { dir: string };
inspectDataset(dir).then(
  ({ problems }) =>
    parentPort!.postMessage({
      ok: true,
      total: problems.length,
      problems: problems.slice(0, 50).map(formatProblem),
    }),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: String(err) }),
);
