// Entry of the import's parse worker: registers tsx so the worker can load TypeScript whether the
// server runs under tsx or the tests under vitest (a worker does not inherit vitest's transform).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
