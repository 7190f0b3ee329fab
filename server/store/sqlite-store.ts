// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a write is on disk
// before its 2xx leaves (it survives kill -9 and a power cut). better-sqlite3 is synchronous,
// which makes "acknowledged means durable" simple: the answer is sent after the commit returned.
// The async store's own transactions keep that rule with the fsync moved off the event loop
// (sqlite-log-sync.ts): COMMIT writes the log, the log's fdatasync runs on libuv's pool, and
// only then does anyone hear of the commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { INDEXES, SCHEMA } from './sqlite-schema';
import { migrate } from './sqlite-migrate';
import { eachActivityGroup, sqliteActivity } from './sqlite-activity';
import { sqliteEvents } from './sqlite-events';
import { sqliteIdempotency } from './sqlite-idempotency';
import { eachProblemFacts, sqliteProblems } from './sqlite-problems';
import { sqliteTokens } from './sqlite-tokens';
import { sqliteImports } from './sqlite-imports';
import { sqliteSimulated } from './sqlite-simulated';
import { sqliteConsoleTokens } from './console-tokens';
import type { OffThreadWrites, Store, SyncStore } from './records';
import { asyncSqlite, type TxSteps } from './sqlite-async';
import { RollupDeltas, type RollupRegions } from './rollup-deltas';
import { sqliteRollups, type RollupTable } from './sqlite-rollups';
import { rebuildRollups, type RowSource } from './rollup-rebuild';
import { insertEach } from './sqlite-bulk';
import { checkpointElsewhere, LOG_PAGES, type Checkpoints } from './sqlite-checkpointer';
import { logSync } from './sqlite-log-sync';

/**
 * 64 MB of page cache (the default is 2 MB): a moment's "changed since" pages and a grid's year
 * of roll-ups are random reads, which the cache keeps off the disk. An opener may ask for less.
 */
const CACHE_KB = 65_536;
/**
 * The cache while another connection writes (an import's write worker): SQLite drops a
 * connection's whole cache at its first read after another connection's commit, freeing every
 * page at once (and faulting them in: cold memory). 2 MB of pages free in a few ms; 64 MB of them
 * held the event loop 150–230 ms at each import's first progress save.
 */
const ASIDE_KB = 2048;
/** How much of the cache is let go per turn of the loop on the way down to ASIDE_KB. */
const SLICE_KB = 2048;

function openDatabase(file: string, cacheKb = CACHE_KB): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${cacheKb}`);
  db.pragma(`wal_autocheckpoint = ${LOG_PAGES}`);
  db.exec(SCHEMA);
  migrate(db);
  db.exec(INDEXES);
  return db;
}

function sqliteMeta(db: Database.Database): Pick<SyncStore, 'getMeta' | 'setMeta'> {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  return {
    getMeta: (key) => get.get(key)?.value,
    setMeta: (key, value) => {
      set.run(key, value);
    },
  };
}

type OpenOptions = { checkpointInWorker?: boolean; cacheKb?: number };

/**
 * `regions` places facts in the dataset's region tree, which the roll-ups need; a store opened
 * without it (maintenance, tests of the store alone) marks its roll-ups stale on its first write,
 * and the next start with a dataset rebuilds them.
 */
export function openSqliteSync(
  file: string,
  regions?: RollupRegions,
  opts: OpenOptions = {},
): SyncStore & TxSteps {
  return openSqliteParts(file, regions, opts).store;
}

/** The store and a handle on its connection's page cache (openSqliteStore lets it go at times). */
function openSqliteParts(
  file: string,
  regions?: RollupRegions,
  opts: OpenOptions = {},
): { store: SyncStore & TxSteps; cache: CacheSize; checkpoints: Checkpoints | null } {
  const db = openDatabase(file, opts.cacheKb);
  const checkpoints =
    opts.checkpointInWorker && file !== ':memory:' ? checkpointElsewhere(db, file) : null;
  const log = file === ':memory:' ? { sync: async () => {}, close: () => {} } : logSync(file);
  const meta = sqliteMeta(db);
  const rollups = sqliteRollups(db);
  const deltas = new RollupDeltas(regions ?? { lineage: () => [], fingerprint: 'stale' });
  const FINGERPRINT = 'rollups_fingerprint';

  /** Runs fn in a transaction (a savepoint when nested); roll-ups are written before COMMIT. */
  function transaction<T>(fn: () => T): T {
    deltas.begin();
    let ended = false;
    try {
      return db.transaction(() => {
        const r = fn();
        const outer = deltas.release();
        ended = true;
        if (outer && outer.size > 0) rollups.write(outer);
        return r;
      })();
    } catch (err) {
      if (!ended) deltas.rollback();
      throw err;
    }
  }
  // The same steps by hand, for a transaction whose fn awaits (better-sqlite3's wrapper cannot).
  // Savepoints are named by depth; the deltas keep one level per open step, as above.
  const savepoint = () => `s${deltas.depth}`;
  // A deferred flush is synchronous=NORMAL for that one transaction: in WAL mode its COMMIT
  // appends to the log without an fsync, and the next fsync of the log covers it too (a FULL
  // commit's own, or flushLog after the async store's next ordinary commit).
  let deferred = false;
  const flushAgain = () => {
    if (!deferred) return;
    deferred = false;
    db.pragma('synchronous = FULL');
  };
  const steps: TxSteps = {
    begin: (deferFlush = false) => {
      if (deltas.depth === 0 && deferFlush) {
        db.pragma('synchronous = NORMAL');
        deferred = true;
      }
      try {
        db.exec(deltas.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint()}`);
      } catch (err) {
        flushAgain();
        throw err;
      }
      deltas.begin();
    },
    commit: () => {
      const outer = deltas.release();
      if (outer) {
        try {
          if (outer.size > 0) rollups.write(outer);
          db.exec('COMMIT');
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        } finally {
          flushAgain();
        }
      } else db.exec(`RELEASE ${savepoint()}`);
    },
    rollback: () => {
      deltas.rollback();
      if (deltas.depth === 0) {
        try {
          if (db.inTransaction) db.exec('ROLLBACK');
        } finally {
          flushAgain();
        }
      } else db.exec(`ROLLBACK TO ${savepoint()}; RELEASE ${savepoint()}`);
    },
    flushLog: () => log.sync(),
  };
  /** A write outside any transaction gets its own, so its roll-up change commits with it. */
  const inTx =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R =>
      deltas.depth > 0 ? fn(...a) : transaction(() => fn(...a));

  /** Without the region tree a write cannot place its roll-up change: the roll-ups go stale. */
  const placed = () => {
    if (!regions && meta.getMeta(FINGERPRINT) !== 'stale') meta.setMeta(FINGERPRINT, 'stale');
  };
  const problems = sqliteProblems(db, {
    added: (p) => {
      placed();
      deltas.problem(p, 1);
    },
    replaced: (prev, next) => {
      placed();
      deltas.problem(prev, -1);
      deltas.problem(next, 1);
    },
  });
  const activity = sqliteActivity(db, (a) => {
    placed();
    deltas.activity(a, 1);
  });
  const imports = sqliteImports(db, problems.getProblem, (p) => {
    placed();
    deltas.problem(p, -1);
  });
  const simulated = sqliteSimulated(db, problems.getProblem, {
    problem: (p) => {
      placed();
      deltas.problem(p, -1);
    },
    activity: (a) => {
      placed();
      deltas.activity(a, -1);
    },
  });
  const store: SyncStore & TxSteps = {
    transaction,
    ...steps,
    ...problems,
    insertProblem: inTx(problems.insertProblem),
    updateProblem: inTx(problems.updateProblem),
    imports: { ...imports, deleteProblems: inTx((ids: string[]) => imports.deleteProblems(ids)) },
    consoleTokens: sqliteConsoleTokens(db),
    simulated: { ...simulated, purgePage: inTx((limit: number) => simulated.purgePage(limit)) },
    ...activity,
    insertVolunteer: inTx(activity.insertVolunteer),
    insertPartyReport: inTx(activity.insertPartyReport),
    insertStationVisit: inTx(activity.insertStationVisit),
    insertMany: inTx((rows) => insertEach({ ...problems, ...activity }, rows)),
    eachRollup: (from, to, fn) => rollups.eachBetween(from, to, fn),
    eachRollupOf: (id, from, to, fn) => rollups.eachOf(id, from, to, fn),
    ...sqliteEvents(db),
    ...sqliteIdempotency(db),
    ...sqliteTokens(db),
    ...meta,
    close: () => {
      checkpoints?.stop();
      log.close();
      db.close();
    },
  };
  if (regions && meta.getMeta(FINGERPRINT) !== regions.fingerprint)
    transaction(() => {
      rebuildRollups(store, rollups, regions);
      meta.setMeta(FINGERPRINT, regions.fingerprint);
    });
  const cache: CacheSize = {
    kb: (kb = opts.cacheKb ?? CACHE_KB) => void db.pragma(`cache_size = -${kb}`),
  };
  return { store, cache, checkpoints };
}

/**
 * The embedded store as the server uses it (every call a Promise, writes in one queue), its WAL
 * checkpoints in a worker thread (sqlite-checkpointer.ts). A file store opened with its region
 * tree offers writes from another thread (Store.offThread).
 */
export function openSqliteStore(file: string, regions?: RollupRegions): Store {
  const opened = openSqliteParts(file, regions, { checkpointInWorker: true });
  const { store: sync, cache, checkpoints } = opened;
  const { exclusive, ...store } = asyncSqlite(sync);
  // The worker finishes a log it fell behind on while no call of the store runs, as an
  // off-thread writer does (every writer of the file goes through this queue).
  checkpoints?.quietWith((fn) => exclusive(fn));
  return file === ':memory:' || !regions
    ? store
    : {
        ...store,
        offThread: { file, regions, exclusive, cacheAside: cacheAsider(cache) },
      };
}

/** Sets the connection's page cache (its opening size when kb is not given); shrinking frees. */
export interface CacheSize {
  kb(kb?: number): void;
}

/** Lets the cache go a slice per turn of the loop, down to ASIDE_KB. */
async function shrink(cache: CacheSize): Promise<void> {
  for (let kb = CACHE_KB - SLICE_KB; kb > ASIDE_KB; kb -= SLICE_KB) {
    cache.kb(kb);
    await new Promise((turn) => setImmediate(turn));
  }
  cache.kb(ASIDE_KB);
}

/**
 * OffThreadWrites.cacheAside for one connection. Its holders overlap (an import's writer and the
 * batch's bulk writer at once): the cache is let go for the first and given back after the last,
 * never while another still writes from its own connection.
 */
export function cacheAsider(cache: CacheSize): OffThreadWrites['cacheAside'] {
  let holders = 0;
  let shrunk: Promise<void> = Promise.resolve();
  return async (fn) => {
    if (holders++ === 0) shrunk = shrink(cache);
    try {
      await shrunk;
      return await fn();
    } finally {
      if (--holders === 0) cache.kb();
    }
  };
}

/** A read-only connection for work off the main thread (the roll-up check in a worker). */
export interface StoreReader extends RowSource {
  /** Every stored roll-up row as its unparsed counts (rollup-rebuild.ts's compareStored). */
  eachRollupEncoded: RollupTable['eachEncoded'];
  /** Runs fn in one read transaction: every read sees the same committed state. */
  snapshot<T>(fn: () => T): T;
  close(): void;
}

export function openSqliteReader(file: string): StoreReader {
  const db = new Database(file, { readonly: true });
  db.pragma('busy_timeout = 5000');
  const none = () => undefined;
  const activity = sqliteActivity(db, none);
  const rollups = sqliteRollups(db);
  return {
    eachProblem: eachProblemFacts(db),
    eachVolunteer: (since, fn) => activity.eachVolunteer(since, fn),
    eachPartyReport: (since, fn) => activity.eachPartyReport(since, fn),
    eachStationVisit: (since, fn) => activity.eachStationVisit(since, fn),
    eachActivityGroup: eachActivityGroup(db),
    eachRollupEncoded: (fn) => rollups.eachEncoded(fn),
    snapshot: (fn) => db.transaction(fn).deferred(),
    close: () => db.close(),
  };
}
