// /api/batch's planned parts written by a thread of their own (bulk-worker.ts), on the embedded
// store: SQLite's inserts, roll-up upserts and COMMIT were about half of the main thread's time a
// record (bench:batch profile, 2026-11-29), and the main thread was the limit. While the writer
// writes, the main thread holds the store's queue (OffThreadWrites.exclusive: no call of the
// store runs, so neither connection waits on the other's lock) and serves sockets and requests;
// it applies the part's effects before it lets go, so they land in commit order. A part the plan
// cannot settle alone (a step of a problem stored before it, an idempotency key) goes the old way,
// through the group commit on the main connection, as does every part once the writer failed.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { RegionIndex } from '../aggregate/region-index';
import type { OffThreadWrites } from '../store/records';
import type { BulkReply, BulkRequest } from './bulk-protocol';

export interface BulkOffThread {
  /** Whether parts can go to the writer (it has not failed). */
  usable(): boolean;
  /**
   * Writes `req` holding the store's queue; `apply` runs with the answer before it lets go (it
   * may take turns of the event loop: the queue stays held until it settles).
   */
  write<T>(req: Omit<BulkRequest, 'id'>, apply: (reply: BulkReply) => T | Promise<T>): Promise<T>;
  /** Ends the writer (before the store closes: it holds a connection to the file). */
  close(): Promise<void>;
}

export interface BulkOffThreadOptions {
  /** Tests: the writer thread exits after its first COMMIT, before it answers. */
  exitAfterCommit?: boolean;
}

export function bulkOffThread(
  off: OffThreadWrites,
  index: RegionIndex,
  opts: BulkOffThreadOptions = {},
): BulkOffThread {
  let worker: Worker | null = null;
  let failed = false;
  let nextId = 1;
  const waiting = new Map<number, (r: BulkReply) => void>();

  function fail(err: unknown): void {
    failed = true;
    worker = null;
    for (const [id, done] of waiting)
      done({
        id,
        ok: false,
        missed: false,
        lost: true,
        message: `the bulk writer failed: ${String(err)}`,
      });
    waiting.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    const lineages = [...index.regions.keys()].map((id) => [id, [...off.regions.lineage(id)]]);
    const w = new Worker(new URL('../import/worker-boot.mjs', import.meta.url), {
      workerData: {
        entry: new URL('./bulk-worker.ts', import.meta.url).href,
        file: off.file,
        lineages,
        fingerprint: off.regions.fingerprint,
        // On the write's own path (its caller waits for it), not work done in the background.
        background: false,
        exitAfterCommit: opts.exitAfterCommit === true,
      },
    });
    // A process that is otherwise done must not stay up for it; close() ends it on a shutdown.
    w.unref();
    w.on('message', (r: BulkReply) => {
      const done = waiting.get(r.id);
      waiting.delete(r.id);
      done?.(r);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (worker === w) fail(new Error(`exit ${code}`));
    });
    return (worker = w);
  }

  // Every commit of the writer's connection empties the main connection's page cache at its next
  // read, in one go on the event loop (150-230 ms for a full 64 MB one, cacheAside in
  // sqlite-store.ts): the cache is let go a slice per turn before the first job and kept small
  // while jobs keep coming, then given back after a quiet spell.
  const QUIET_MS = 2000;
  let aside: { ready: Promise<void>; release: () => void } | null = null;
  let quiet: NodeJS.Timeout | undefined;
  function cacheAside(): Promise<void> {
    clearTimeout(quiet);
    if (!aside) {
      let ready!: () => void;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      aside = { ready: new Promise<void>((r) => (ready = r)), release };
      void off.cacheAside(async () => {
        ready();
        await held;
      });
    }
    return aside.ready;
  }
  function quietLater(): void {
    clearTimeout(quiet);
    quiet = setTimeout(() => {
      aside?.release();
      aside = null;
    }, QUIET_MS);
    quiet.unref();
  }

  interface Job {
    req: Omit<BulkRequest, 'id'>;
    /** Runs with the answer, the queue still held: the part's effects land in commit order. */
    done: (reply: BulkReply) => Promise<void>;
  }
  const jobs: Job[] = [];
  let driving = false;

  function post(job: Job): Promise<BulkReply> {
    const id = nextId++;
    if (failed)
      return Promise.resolve({ id, ok: false, missed: false, message: 'the bulk writer failed' });
    return new Promise<BulkReply>((ok) => {
      waiting.set(id, ok);
      started().postMessage({ ...job.req, id } satisfies BulkRequest);
    });
  }

  /**
   * Holds the store's queue and writes the jobs waiting, one after the other: the writer gets the
   * next job before the main thread applies the last one's effects, as long as no other call of
   * the store waits (it would wait a job longer); then lets go, and holds again for the rest.
   */
  function drive(): void {
    if (driving || jobs.length === 0) return;
    driving = true;
    void cacheAside()
      .then(() =>
        off.exclusive(async (othersWaiting) => {
          let job = jobs.shift()!;
          let reply = post(job);
          for (;;) {
            const answer = await reply;
            const next = !othersWaiting() ? jobs.shift() : undefined;
            if (next) reply = post(next);
            await job.done(answer);
            if (!next) break;
            job = next;
          }
        }),
      )
      .finally(() => {
        driving = false;
        if (jobs.length > 0) drive();
        else quietLater();
      });
  }

  return {
    usable: () => !failed,
    write(req, apply) {
      return new Promise((ok, fail) => {
        jobs.push({
          req,
          done: async (reply) => {
            try {
              ok(await apply(reply));
            } catch (err) {
              fail(err instanceof Error ? err : new Error(String(err)));
            }
          },
        });
        drive();
      });
    },
    async close() {
      clearTimeout(quiet);
      aside?.release();
      aside = null;
      const w = worker;
      if (!w) return;
      worker = null;
      const exited = once(w, 'exit');
      w.postMessage('close');
      const timer = setTimeout(() => void w.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
