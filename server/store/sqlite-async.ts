// The embedded store behind the async Store interface. better-sqlite3 answers synchronously on
// one connection, so the only thing the adapter adds is order: a statement run while another
// caller's transaction is open would join that transaction (and be rolled back with it, or be
// read before it committed). Every call on the store therefore waits in one queue behind the open
// transaction; calls on a transaction's own `tx` run at once, inside it.
// With nothing open, a call still answers on the next microtask: the queue costs no I/O wait.
import type { OffThreadWrites, Store, SyncStore, TxOptions } from './records';

type Fn = (...a: never[]) => unknown;

/** Manual transaction steps, for this adapter: its transactions' fn awaits. */
export interface TxSteps {
  /** BEGIN, or a SAVEPOINT when one is open; deferFlush applies to a BEGIN only. */
  begin(deferFlush?: boolean): void;
  /** COMMIT (roll-ups written first), or RELEASE of the innermost savepoint. */
  commit(): void;
  /** ROLLBACK, or ROLLBACK TO (and RELEASE) the innermost savepoint. */
  rollback(): void;
  /**
   * Puts every commit so far on disk, off the event loop (sqlite-log-sync.ts): the adapter
   * begins its outermost transactions with deferFlush and awaits this after their COMMIT.
   */
  flushLog(): Promise<void>;
}

/** Each function of `part` returning its answer as a Promise, run by `run`. */
function promised<T extends object>(part: T, run: <R>(f: () => R) => Promise<R>): never {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(part))
    if (typeof v === 'function') out[k] = (...a: never[]) => run(() => (v as Fn)(...a));
  return out as never;
}

/**
 * After a failed fsync no commit can be trusted: the default ends the process through its crash
 * policy (a store or file-system error), and a restart reads the aggregates back from what is
 * really on disk. Tests pass their own.
 */
const throwUncaught = (err: unknown) =>
  process.nextTick(() => {
    throw err;
  });

/** The store, and a hold of its queue (OffThreadWrites.exclusive). */
export function asyncSqlite(
  sync: SyncStore & TxSteps,
  onLostFlush: (err: unknown) => void = throwUncaught,
): Store & Pick<OffThreadWrites, 'exclusive'> {
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Jobs queued and not yet started: what a hold of the queue keeps waiting. */
  let waiting = 0;

  /** Runs job after every job queued before it; a failed job does not stop the queue. */
  function queued<R>(job: () => R | Promise<R>): Promise<R> {
    waiting++;
    const run = tail.then(() => {
      waiting--;
      if (closed) throw new Error('the store is closed');
      return job();
    });
    tail = run.catch(() => undefined);
    return run;
  }

  /**
   * begin → fn → commit, or rollback on a throw; at depth > 0 these are savepoints. The
   * outermost (`top`) commits without its own fsync and awaits flushLog instead, still inside
   * the queue: nothing else runs on the store, and neither `after` nor the caller hears of the
   * commit, until it is on disk. The event loop meanwhile serves sockets and reads requests.
   */
  async function within<T>(
    fn: (tx: Store) => Promise<T>,
    after?: (r: T) => void,
    opts?: TxOptions,
    top = false,
  ): Promise<T> {
    sync.begin(top || opts?.deferFlush);
    let r: T;
    try {
      r = await fn(tx);
    } catch (err) {
      sync.rollback();
      throw err;
    }
    sync.commit();
    if (top && !opts?.deferFlush) await flushed();
    after?.(r);
    return r;
  }

  /** flushLog; when it fails, onLostFlush, and the caller gets the error (a 500). */
  async function flushed(): Promise<void> {
    try {
      await sync.flushLog();
    } catch (err) {
      onLostFlush(err);
      throw err;
    }
  }

  const now = <R>(f: () => R) => Promise.resolve().then(f);
  const inQueue = <R>(f: () => R) => queued(f);

  function bind(run: <R>(f: () => R) => Promise<R>, transaction: Store['transaction']): Store {
    const { consoleTokens, imports, simulated } = sync;
    const rest = { ...sync } as Partial<SyncStore & TxSteps>;
    for (const k of [
      'transaction',
      'begin',
      'commit',
      'rollback',
      'flushLog',
      'close',
      'consoleTokens',
      'imports',
      'simulated',
    ] as const)
      delete rest[k];
    const methods: object = promised(rest, run);
    const own: Pick<Store, 'transaction' | 'consoleTokens' | 'imports' | 'simulated' | 'close'> = {
      transaction,
      consoleTokens: promised(consoleTokens, run),
      imports: promised(imports, run),
      simulated: promised(simulated, run),
      close: () =>
        queued(() => {
          closed = true;
          sync.close();
        }),
    };
    return { ...methods, ...own, eachRollupOfNow: (...a) => sync.eachRollupOf(...a) } as Store;
  }

  const tx: Store = bind(now, within);
  return {
    ...bind(inQueue, (fn, after, opts) => queued(() => within(fn, after, opts, true))),
    exclusive: (fn) => queued(() => fn(() => waiting > 0)),
  };
}
