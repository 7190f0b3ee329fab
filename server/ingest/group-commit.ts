// Group commit: writes that arrive together share one transaction, so one fsync acknowledges
// many of them. Each op runs in its own savepoint inside the group's transaction, in arrival
// order: a rejected op (an HttpError, a 4xx) rolls back only itself and the others go on, and a
// later op sees an earlier one's rows (an Idempotency-Key repeated within a group gets the first
// answer). Every caller's promise settles only after the shared COMMIT returned, and the ops'
// effects (aggregates, live feed) apply after it, in order: nothing is shown that is not on disk.
import { HttpError } from '../http-error';
import type { Store } from '../store/records';
import type { OpResult } from './ingest-deps';
import { loopTurns, TURN_MS } from './loop-turns';

export interface GroupCommitOptions {
  /**
   * How long the first op of an idle queue waits for company, in ms. 0 waits only until the
   * event loop has read what already arrived (setImmediate): better-sqlite3 commits on the main
   * thread, so the requests that come in during one group's fsync form the next group by
   * themselves, and a lone write waits for nothing.
   */
  windowMs: number;
  /** A group this large commits at once, so one transaction never holds the loop for long. */
  maxOps: number;
  /**
   * Nor may a group hold more than this much work (an op's weight: 1, or a batch part's records),
   * except a single op heavier than that, which goes alone. Absent: no limit but maxOps.
   */
  maxWeight?: number;
  /**
   * How long a group may hold the event loop before it lets the loop turn (setImmediate) between
   * two of its ops, and once more before its COMMIT when its last op took it past that: on
   * SQLite every op runs on the main thread, and a group of several batch parts would otherwise
   * hold the loop for all of them, their COMMIT and their effects at once. The transaction stays
   * open across the turn; every other store call waits in the store's queue meanwhile, and new
   * writes queue for the next group. Absent: the group runs in one go.
   */
  turnMs?: number;
}

/**
 * windowMs 0, measured with 64 concurrent HTTP writers in another process (bench/writes.ts, same
 * loaded 2-core box, one run each): 0 ms gave 407 writes/s at 32 writes a commit, p50 133 ms;
 * 2 ms gave 341/s at 37, p50 155 ms; 5 ms gave 298/s at 37, p50 189 ms. Waiting gathers barely
 * more per commit while the loop sits idle, and it would add its wait to every lone write.
 */
// maxWeight 1,024 with turnMs 10, against 512 in one go (bench:batch, 2026-11-28, six alternating
// runs each on a shared box): 49.5 against 52.5 µs of server CPU a record, /api/health's slowest
// answer 124 against 216 ms. A larger group is bounded by its COMMIT turn: the roll-up write, the
// fsync and every op's effects run in one turn after the last op.
export const GROUP_COMMIT_DEFAULTS: GroupCommitOptions = {
  windowMs: 0,
  maxOps: 256,
  maxWeight: 1024,
  turnMs: TURN_MS,
};

export interface GroupCommitStats {
  /** Transactions committed (each one fsync). */
  groups: number;
  /** Ops committed in them (rejected ones included: they were answered from that commit). */
  ops: number;
  /** The most ops one group held. */
  largest: number;
}

/** An op runs on the group's transaction, `tx`: every store call of it goes through `tx`. */
export type Op<T> = (tx: Store) => Promise<OpResult<T>>;

interface Pending {
  op: Op<unknown>;
  weight: number;
  resolve: (r: OpResult<unknown>) => void;
  reject: (err: unknown) => void;
}

type Outcome =
  { p: Pending; ok: true; res: OpResult<unknown> } | { p: Pending; ok: false; err: unknown };

export function createGroupCommitter(store: Store, opts: GroupCommitOptions) {
  let queue: Pending[] = [];
  let scheduled: { cancel: () => void } | null = null;
  const stats: GroupCommitStats = { groups: 0, ops: 0, largest: 0 };

  function schedule(): void {
    if (queue.length >= opts.maxOps) {
      flush();
      return;
    }
    if (scheduled) return;
    if (opts.windowMs > 0) {
      const t = setTimeout(flush, opts.windowMs);
      scheduled = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(flush);
      scheduled = { cancel: () => clearImmediate(t) };
    }
  }

  /**
   * Runs the group's ops, each in a savepoint, into `done`. An unexpected throw (not an
   * HttpError) ends the group there: SQLite may have rolled the whole transaction back under it,
   * so the ops after it wait for the next group rather than run on a connection in an unknown
   * state. Throws when the BEGIN or the COMMIT fails.
   */
  async function runGroup(group: Pending[], done: Outcome[]): Promise<void> {
    const turns = opts.turnMs === undefined ? null : loopTurns(opts.turnMs);
    const letLoopTurn = async () => {
      if (turns?.due()) await turns.turn();
    };
    await store.transaction(
      async (tx) => {
        for (const p of group) {
          await letLoopTurn();
          try {
            done.push({ p, ok: true, res: await tx.transaction(p.op) });
          } catch (err) {
            done.push({ p, ok: false, err });
            if (!(err instanceof HttpError)) return;
          }
        }
        await letLoopTurn();
      },
      // Right after COMMIT, before the store runs anything else: a read that sees these rows
      // also sees their effects in the aggregates.
      () => {
        stats.groups += 1;
        stats.ops += done.length;
        stats.largest = Math.max(stats.largest, done.length);
        for (const d of done) settle(d);
      },
    );
  }

  /** The group in progress: one at a time, so groups commit in the order they formed. */
  let running: Promise<void> | null = null;

  function flush(): void {
    scheduled?.cancel();
    scheduled = null;
    if (running) return;
    running = flushGroup().finally(() => {
      running = null;
      if (queue.length > 0) schedule();
    });
  }

  async function flushGroup(): Promise<void> {
    let n = 0;
    for (let w = 0; n < queue.length && n < opts.maxOps; n++) {
      w += queue[n]!.weight;
      if (n > 0 && w > (opts.maxWeight ?? Infinity)) break;
    }
    const group = queue.splice(0, n);
    if (group.length === 0) return;
    const done: Outcome[] = [];
    let failed: { err: unknown } | null = null;
    try {
      await runGroup(group, done);
    } catch (err) {
      failed = { err };
    }
    // Ops that never ran go first into the next group (none when nothing ran: no endless retry).
    const rest = done.length > 0 ? group.slice(done.length) : [];
    if (failed) {
      // Nothing of this group is stored, so no op may answer 2xx.
      for (const d of done) d.p.reject(d.ok ? failed.err : d.err);
      if (done.length === 0) for (const p of group) p.reject(failed.err);
    }
    if (rest.length > 0) queue = [...rest, ...queue];
  }

  /** After the commit: the op's effects, then its caller's answer (an effect's throw is a 500). */
  function settle(d: Outcome): void {
    if (!d.ok) return d.p.reject(d.err);
    try {
      d.res.after?.();
      d.p.resolve(d.res);
    } catch (err) {
      d.p.reject(err);
    }
  }

  return {
    /** Queues an op; resolves with its result once it is committed and its effects applied. */
    submit<T>(op: Op<T>, weight = 1): Promise<OpResult<T>> {
      return new Promise<OpResult<T>>((resolve, reject) => {
        queue.push({ op, weight, resolve: resolve as Pending['resolve'], reject });
        schedule();
      });
    },
    /** Commits whatever is queued now (before the store closes). */
    flush: async () => {
      while (running || queue.length > 0) {
        if (!running) flush();
        await running;
      }
    },
    stats: (): GroupCommitStats => ({ ...stats }),
  };
}
