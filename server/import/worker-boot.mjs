// Entry of the server's background workers (an import's parser and writer, the dataset check, the
// roll-up check): lowers the thread's priority, then registers tsx so the worker can load
// TypeScript whether the server runs under tsx or the tests under vitest (a worker does not
// inherit vitest's transform).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

/**
 * The nice value of a background thread. An import runs a parser and a writer flat out beside the
 * main thread: three busy threads on two cores, and the kernel's fair share let the main thread
 * wait for a core for tens of ms at a time (event-loop stalls of 50–100 ms with no GC and no
 * long task of ours, bench:import). At 10 a busy worker weighs about a tenth of the main thread
 * (CFS weights 110 against 1024), so the event loop gets a core as soon as it has work, and the
 * workers still have every cycle the main thread leaves.
 */
const BACKGROUND_NICE = 10;

// Linux sets a nice value per thread: setpriority() with a thread's id (/proc/thread-self names
// it) reaches that thread alone. Elsewhere there is no /proc and the worker keeps the default.
try {
  if (workerData.background !== false)
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), BACKGROUND_NICE);
} catch {
  // Not Linux, or not allowed: the same work at the same priority as before.
}
register();
await import(workerData.entry);
