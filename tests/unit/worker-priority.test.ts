// The server's background workers (import parser and writer, dataset and roll-up checks) run at a
// lower priority than the main thread, so an import's busy threads cannot keep the event loop from
// its core (server/import/worker-boot.mjs says why); the main thread keeps its own.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const boot = new URL('../../server/import/worker-boot.mjs', import.meta.url);
const entry = new URL('../fixtures/report-priority-worker.ts', import.meta.url).href;

describe.runIf(existsSync('/proc/thread-self'))('background worker priority', () => {
  it('lowers the worker thread to nice 10 and leaves the main thread as it was', async () => {
    const before = getPriority();
    const worker = new Worker(boot, { workerData: { entry } });
    const [reported] = (await once(worker, 'message')) as [{ own: number; main: number }];
    await worker.terminate();
    // A process already nicer than 10 stays so (raising a thread's priority needs root).
    expect(reported.own).toBe(Math.max(10, before));
    expect(reported.main).toBe(before);
    expect(getPriority()).toBe(before);
  });
});
