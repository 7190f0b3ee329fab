// data:check of the loaded dataset in a worker thread (the import's tsx boot file loads the
// TypeScript). Calls while a check runs share it.
import type { CheckResult } from '../../shared/admin-api';
import { Worker } from 'node:worker_threads';

let running: Promise<CheckResult> | null = null;

export function checkInWorker(dir: string): Promise<CheckResult> {
  running ??= new Promise<CheckResult>((ok, fail) => {
    const t0 = performance.now();
    const worker = new Worker(new URL('../import/worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./check-worker.ts', import.meta.url).href, dir },
    });
    worker.once(
      'message',
      (m: { ok: boolean; total: number; problems: string[]; message?: string }) => {
        void worker.terminate();
        if (!m.ok) return fail(new Error(m.message));
        const ms = Math.round(performance.now() - t0);
        ok({ valid: m.total === 0, total: m.total, problems: m.problems, ms });
      },
    );
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the check stopped (exit ${code})`)));
  }).finally(() => (running = null));
  return running;
}

export type { CheckResult };
