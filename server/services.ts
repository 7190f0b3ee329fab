// The product's services, wired in the order data flows: dataset → store → aggregate → feed →
// ingest. Fastify-free, so benchmarks and tests can build them without HTTP.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import { loadValidDataset } from './dataset/load-valid';
import type { Dataset } from './dataset/types';
import { buildRegionIndex, type RegionIndex } from './aggregate/region-index';
import { aggregatorFromStore, rollupRegions } from './aggregate/startup';
import type { Aggregator } from './aggregate/aggregator';
import { importHistory } from './ingest/history-import';
import { backfillActivity } from './simulator/activity-backfill';
import { createIngestService, type IngestService } from './ingest/ingest-service';
import type { IngestDeps } from './ingest/ingest-deps';
import { FEED_MAX, LiveFeed, toLiveEvent } from './ingest/live-feed';
import { LiveChanges } from './cluster/live-changes';
import { openSqliteStore } from './store/sqlite-store';
import { openPgStore } from './store/pg/pg-store';
import { checkRollups, checkRollupsHere, type RollupCheck } from './store/rollup-check';
import type { ProblemRecord, Store } from './store/records';
import type { LiveEvent } from '../shared/protocol';

export interface Services {
  dataset: Dataset;
  store: Store;
  index: RegionIndex;
  agg: Aggregator;
  feed: LiveFeed;
  changes: LiveChanges;
  ingest: IngestService;
  deps: IngestDeps;
  /** Open problems at start-up (the simulator carries them on). */
  openAtStart: ProblemRecord[];
  /** Counts every stored row again (off the main thread) and compares with the roll-ups. */
  checkRollups(): Promise<RollupCheck>;
  /** Historical problems per day of the dataset (the simulator's base rate). */
  problemsPerDay: number;
  /**
   * Reads the figures from the store again (this node missed changes of other nodes). One read
   * transaction at one snapshot, and the swap right at its end; a change applied meanwhile is
   * kept exact by that snapshot (LiveChanges). The ticker keeps what it has and gains what it
   * lacked. `afterRead` (tests) runs between the read and the swap.
   */
  reload(afterRead?: () => Promise<void>): Promise<void>;
}

/** What a load of the figures reads: the aggregates, and the ticker's lines the feed lacks. */
interface Figures {
  fresh: Awaited<ReturnType<typeof aggregatorFromStore>>;
  missed: LiveEvent[];
}

export async function createServices(config: Config, log: FastifyBaseLogger): Promise<Services> {
  // The record of the last passed check lives beside the database (one per install).
  const record = config.dbFile === ':memory:' ? null : `${config.dbFile}.dataset-checked`;
  const dataset = await loadValidDataset(config.dataDir, record);
  const index = buildRegionIndex(dataset);
  let t0 = performance.now();
  const regions = rollupRegions(index);
  const store = config.databaseUrl
    ? await openPgStore(config.databaseUrl, regions, { poolSize: config.dbPoolSize })
    : openSqliteStore(config.dbFile, regions);
  log.info(
    { ms: Math.round(performance.now() - t0), store: storeName(config) },
    `store opened: ${storeName(config)}`,
  );
  const imported = await importHistory(store, dataset, config.now());
  if (imported > 0)
    log.info({ rows: imported }, `imported the history of ${dataset.manifest.name}`);
  const activity = await backfillActivity(store, dataset, index, config.now());
  if (activity > 0)
    log.info(
      { rows: activity },
      'filled the demo history with volunteer, party and station activity',
    );
  /**
   * The figures and the ticker's missed events, read in one transaction at one snapshot where the
   * store has them (PostgreSQL: `seen` names it, see LiveChanges), then handed to `use` before
   * any later write's after-commit step runs. At start (not `reloading`) the embedded store,
   * which nothing writes to yet, reads outside a transaction as it always did.
   */
  function readFigures<T>(
    feed: LiveFeed,
    reloading: boolean,
    use: (r: Figures, seen: string | null) => T,
    afterRead?: () => Promise<void>,
  ): Promise<T> {
    const read = async (tx: Store): Promise<Figures> => {
      const r = {
        fresh: await aggregatorFromStore(tx, index, config.now),
        missed: await missedEvents(tx, feed),
      };
      await afterRead?.();
      return r;
    };
    if (!reloading && !store.readSnapshot) return read(store).then((r) => use(r, null));
    let out!: T;
    const done = store.readSnapshot
      ? store.readSnapshot(read, (r, seen) => (out = use(r, seen)))
      : store.transaction(read, (r) => (out = use(r, null)));
    return done.then(() => out);
  }

  /** The stored event log's last events this feed lacks, oldest first, as the ticker shows them. */
  async function missedEvents(tx: Store, feed: LiveFeed): Promise<LiveEvent[]> {
    const out: LiveEvent[] = [];
    for (const ev of (await tx.recentEvents(FEED_MAX)).reverse()) {
      if (feed.has(ev.id)) continue;
      const p = await tx.getProblem(ev.problemId);
      if (p) out.push(toLiveEvent(ev, p, index));
    }
    return out;
  }
  const feed = new LiveFeed();
  t0 = performance.now();
  const { agg, open, changes } = await readFigures(feed, false, ({ fresh, missed }, seen) => {
    // The ticker from the event log, so a restart does not blank it.
    for (const e of missed) feed.push(e);
    const committed = () => store.committedXid?.() ?? null;
    return { ...fresh, changes: new LiveChanges(fresh.agg, feed, committed, seen) };
  });
  log.info(
    { ms: Math.round(performance.now() - t0), open: open.length },
    'aggregates loaded from the roll-ups',
  );

  const deps: IngestDeps = {
    store,
    agg,
    index,
    feed,
    changes,
    now: config.now,
    toLiveEvent: (ev, p) => toLiveEvent(ev, p, index),
  };
  // The figures, and the ticker's events this node missed (they reach its screens as new).
  async function reload(afterRead?: () => Promise<void>): Promise<void> {
    changes.reloading();
    try {
      await readFigures(
        feed,
        true,
        ({ fresh, missed }, seen) => {
          changes.reloaded(fresh.agg, seen);
          // A change applied during the read may have pushed its line since the read looked.
          for (const e of missed) if (!feed.has(e.id)) feed.push(e);
        },
        afterRead,
      );
    } finally {
      changes.reloadEnded();
    }
  }
  const days = new Set(dataset.history.map((h) => h.reportedAt.slice(0, 10))).size || 1;
  return {
    dataset,
    store,
    index,
    agg,
    feed,
    changes,
    ingest: createIngestService(deps, {
      reloadFigures: async () => {
        log.warn('the batch writer thread was lost holding a part: reading the figures again');
        await reload();
      },
    }),
    deps,
    openAtStart: open,
    // In a worker thread with a connection of its own: counting a city's rows on this thread
    // held the walls' event loop for over half a second on PostgreSQL (578 ms at 1M problems).
    checkRollups:
      !config.databaseUrl && config.dbFile === ':memory:'
        ? () => checkRollupsHere(store, regions)
        : () =>
            checkRollups(
              config.databaseUrl ? { databaseUrl: config.databaseUrl } : { file: config.dbFile },
              [...index.regions.keys()].map((id) => [id, index.lineage(id)]),
            ),
    problemsPerDay: dataset.history.length / days,
    reload,
  };
}

/** Which store this node runs on, for the log (the URL without its password). */
export function storeName(config: Config): string {
  if (!config.databaseUrl) return `SQLite ${config.dbFile}`;
  const u = new URL(config.databaseUrl);
  return `PostgreSQL ${u.host}${u.pathname} (pool of ${config.dbPoolSize})`;
}
