// The PostgreSQL store: Store over a pool of connections, composed of one part per table
// group (pg-*.ts) as the SQLite store is. Each part is a factory over a Queryable, so the same
// code reads through the pool and writes through a transaction's client. Roll-ups work as on
// SQLite: every transaction keeps its own RollupDeltas (a level per savepoint) and adds the
// outermost level to the roll-up table just before COMMIT, so stored roll-ups equal stored rows.
import type pg from 'pg';
import type { ActivityRecord, Store, ProblemRecord } from '../records';
import { RollupDeltas, type RollupRegions } from '../rollup-deltas';
import { openPool, type Queryable } from './conn';
import { migrate } from './migrate';
import { pgActivity } from './pg-activity';
import { pgBulk } from './pg-bulk';
import { copyOn, type CopyIn } from './pg-copy';
import { pgConsoleTokens } from './pg-console-tokens';
import { pgEvents } from './pg-events';
import { pgImports } from './pg-imports';
import { pgProblems } from './pg-problems';
import { rebuildRollups } from './pg-rebuild';
import { pgRollups } from './pg-rollups';
import { pgSimulated } from './pg-simulated';
import { pgSmall } from './pg-small';
import { StoreUnavailableError } from '../unavailable';
import { classified, guarded } from './unavailable';

const FINGERPRINT = 'rollups_fingerprint';
const NO_REGIONS: RollupRegions = { lineage: () => [], fingerprint: 'stale' };

/**
 * The first column of the first row of a query's `nth` statement (the last by default); a
 * query of several statements answers with one result each.
 */
function lastValue(res: pg.QueryResult | pg.QueryResult[], nth = -1): unknown {
  const one = Array.isArray(res) ? res.at(nth) : res;
  const row = one?.rows[0] as Record<string, unknown> | undefined;
  return row && Object.values(row)[0];
}

/** Where a write's roll-up change goes (a transaction's deltas). */
interface RollupHook {
  problem(p: ProblemRecord, sign: 1 | -1): void;
  activity(a: ActivityRecord, sign: 1 | -1): void;
}

function parts(q: Queryable, hook: RollupHook, copy: CopyIn): Omit<Store, 'transaction' | 'close'> {
  const rollups = pgRollups(q);
  return {
    ...pgBulk(q, copy, {
      problem: (p) => hook.problem(p, 1),
      activity: (a) => hook.activity(a, 1),
    }),
    ...pgProblems(q, {
      added: (p) => hook.problem(p, 1),
      replaced: (prev, next) => {
        hook.problem(prev, -1);
        hook.problem(next, 1);
      },
    }),
    ...pgActivity(q, (a) => hook.activity(a, 1)),
    ...pgEvents(q),
    ...pgSmall(q),
    eachRollup: (from, to, fn) => rollups.eachBetween(from, to, fn),
    eachRollupOf: (id, from, to, fn) => rollups.eachOf(id, from, to, fn),
    consoleTokens: pgConsoleTokens(q),
    imports: pgImports(q, (p) => hook.problem(p, -1)),
    simulated: pgSimulated(q, {
      problem: (p) => hook.problem(p, -1),
      activity: (a) => hook.activity(a, -1),
    }),
  };
}

/** One open transaction: its client, its roll-up deltas, whether a write could not place them. */
interface Tx {
  client: pg.PoolClient;
  deltas: RollupDeltas;
  stale: boolean;
  open: boolean;
  savepoints: number;
  /** A COPY failed on the client: it is dropped, not returned to the pool. */
  broken: boolean;
}

/**
 * `regions` places facts in the region tree, as for openSqliteStore: without it the roll-ups go
 * stale on the first write. Applies pending migrations first (safe when nodes start together).
 */
export async function openPgStore(
  url: string,
  regions?: RollupRegions,
  opts?: { poolSize?: number },
): Promise<Store> {
  const poolSize = opts?.poolSize ?? 10;
  const pool = openPool(url, poolSize);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closed = false;
  /** The id of the transaction whose `after` runs (see Store.committedXid). */
  let committing: string | null = null;

  function bound(tx: Tx): Store {
    // A transaction's store refuses work once it ended: fn must not keep it for later.
    const q: Queryable = guarded({
      query: (text, values) =>
        tx.open
          ? tx.client.query(text, values)
          : Promise.reject(new Error('the transaction of this store has ended')),
    });
    const copy = copyOn(tx.client, () => (tx.broken = true));
    const store: Store = {
      ...parts(
        q,
        {
          problem: (p, sign) => {
            if (!regions) tx.stale = true;
            tx.deltas.problem(p, sign);
          },
          activity: (a, sign) => {
            if (!regions) tx.stale = true;
            tx.deltas.activity(a, sign);
          },
        },
        (target, rows) =>
          tx.open
            ? copy(target, rows).catch((err: unknown) => Promise.reject(classified(err)))
            : Promise.reject(new Error('the transaction of this store has ended')),
      ),
      transaction: async (fn, after) => {
        const r = await savepoint(tx, store, fn);
        after?.(r);
        return r;
      },
      close: () => Promise.reject(new Error('close the store, not a transaction')),
    };
    return store;
  }

  /** A nested transaction: its throw rolls back its own writes and roll-up deltas only. */
  async function savepoint<T>(tx: Tx, store: Store, fn: (tx: Store) => Promise<T>) {
    // Its callers tell an outage from a refused write (group commit, import slices) by the error.
    return inSavepoint(tx, store, fn).catch((err: unknown) => Promise.reject(classified(err)));
  }

  async function inSavepoint<T>(tx: Tx, store: Store, fn: (tx: Store) => Promise<T>) {
    const name = `sp${++tx.savepoints}`;
    // The stale mark is a write too: a savepoint that rolls back takes its own back.
    const stale = tx.stale;
    await tx.client.query(`SAVEPOINT ${name}`);
    tx.deltas.begin();
    try {
      const r = await fn(store);
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      tx.deltas.release();
      return r;
    } catch (err) {
      tx.deltas.rollback();
      tx.stale = stale;
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    }
  }

  /**
   * A pooled connection with `begin` run on it. A BEGIN that fails on a connection left dead by
   * an outage changed nothing: drop that connection and take the next (each may be one).
   */
  async function begun(begin: string): Promise<{ client: pg.PoolClient; said: unknown }> {
    for (let left = poolSize; ; left--) {
      const client = await pool.connect().catch((err: unknown) => Promise.reject(classified(err)));
      try {
        return { client, said: lastValue(await client.query(begin)) };
      } catch (err) {
        client.release(true);
        if (left <= 0 || !(classified(err) instanceof StoreUnavailableError)) throw classified(err);
      }
    }
  }

  /**
   * One transaction on its own pooled connection. `after` runs as soon as COMMIT returned; other
   * connections run on meanwhile, so unlike the embedded store it does not hold back later reads
   * (several nodes share the database: their changes reach each other another way, issue #15).
   * `said` is the value the last statement of `begin` returned, if any.
   */
  async function run<T>(
    fn: (store: Store, q: Queryable, said: unknown) => Promise<T>,
    after?: (r: T) => void,
    begin = 'BEGIN',
  ): Promise<T> {
    if (closed) throw new Error('the store is closed');
    const { client, said } = await begun(begin);
    // A checked-out client whose server goes away between two statements emits 'error', which
    // its own listener (openPool) hears; the next statement on it fails, and that failure is
    // what the caller sees.
    const tx: Tx = {
      client,
      deltas: new RollupDeltas(regions ?? NO_REGIONS),
      stale: false,
      open: true,
      savepoints: 0,
      broken: false,
    };
    let broken = false;
    try {
      tx.deltas.begin();
      let r: T;
      try {
        r = await fn(bound(tx), client, said);
      } catch (err) {
        tx.deltas.rollback();
        throw err;
      }
      const outer = tx.deltas.release()!;
      if (outer.size > 0) await pgRollups(client).write(outer);
      if (tx.stale) await pgSmall(client).setMeta(FINGERPRINT, 'stale');
      // The transaction's id rides on the COMMIT's round trip; null when it wrote nothing.
      const xid = lastValue(
        await client.query('SELECT pg_current_xact_id_if_assigned()::text; COMMIT'),
        0,
      );
      committing = typeof xid === 'string' ? xid : null;
      try {
        after?.(r);
      } finally {
        committing = null;
      }
      return r;
    } catch (err) {
      // A client that cannot even roll back is dropped, not returned to the pool.
      await client.query('ROLLBACK').catch(() => (broken = true));
      // A COMMIT cut off this way may or may not have landed: the caller was not told it did,
      // and a retry with the same id or idempotency key finds out.
      throw classified(err);
    } finally {
      tx.open = false;
      client.release(broken || tx.broken);
    }
  }

  // One retry per pooled connection: each may be a dead one left from before an outage.
  const outside = () => {
    throw new Error('a roll-up write outside a transaction');
  };
  const base = parts(guarded(pool, poolSize), { problem: outside, activity: outside }, () =>
    Promise.reject(new Error('COPY outside a transaction')),
  );
  /** A write that changes roll-ups gets its own transaction when called on the pool. */
  const inTx =
    <A extends unknown[], R>(pick: (s: Store) => (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      run((tx) => pick(tx)(...a));

  const store: Store = {
    ...base,
    // synchronous_commit = off: the commit returns before its WAL is flushed, which the next
    // ordinary commit's flush covers (PostgreSQL flushes the log in order).
    transaction: (fn, after, opts) =>
      run(
        (tx) => fn(tx),
        after,
        opts?.deferFlush ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN',
      ),
    // Read committed would give each statement its own moment; this one sees one throughout,
    // fixed by its first statement, which reports what it sees (cluster/snapshot.ts).
    readSnapshot: <T>(fn: (tx: Store) => Promise<T>, after?: (r: T, seen: string) => void) => {
      let seen = '';
      return run(
        (tx, _q, said) => ((seen = String(said)), fn(tx)),
        after && ((r) => after(r, seen)),
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_current_snapshot()::text',
      );
    },
    committedXid: () => committing,
    sharedByNodes: true,
    insertProblem: inTx((s) => s.insertProblem),
    updateProblem: inTx((s) => s.updateProblem),
    insertVolunteer: inTx((s) => s.insertVolunteer),
    insertPartyReport: inTx((s) => s.insertPartyReport),
    insertStationVisit: inTx((s) => s.insertStationVisit),
    insertMany: inTx((s) => s.insertMany),
    imports: { ...base.imports, deleteProblems: inTx((s) => s.imports.deleteProblems) },
    simulated: { ...base.simulated, purgePage: inTx((s) => s.simulated.purgePage) },
    async close() {
      closed = true;
      await pool.end();
    },
  };

  if (regions && (await store.getMeta(FINGERPRINT)) !== regions.fingerprint)
    await run(async (tx, q) => {
      // Writers wait while the rows are counted, so no write lands between the count and the
      // table; a node that waited here finds the roll-ups rebuilt and leaves them.
      await q.query(
        'LOCK TABLE problems, volunteer_checkins, party_reports, station_visits IN SHARE MODE',
      );
      await q.query('LOCK TABLE rollups IN EXCLUSIVE MODE');
      if ((await tx.getMeta(FINGERPRINT)) === regions.fingerprint) return;
      await rebuildRollups(tx, pgRollups(q), regions);
      await tx.setMeta(FINGERPRINT, regions.fingerprint);
    });
  return store;
}
