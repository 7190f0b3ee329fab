// A node joins the others: its committed changes go out on the change feed, theirs come in, and
// when it may have missed some (change-feed.ts says when) it reloads its figures from the store.
//
// How the figures stay exact (issue #15), on PostgreSQL: every change carries the id of the
// transaction that wrote it, and every load of the figures (at start, and each reload) reads at
// one snapshot, recorded by its first statement. A change that snapshot saw is already counted:
// LiveChanges skips it whenever it arrives (a change another node held while Redis was away, an
// entry read from before the load). One it did not see is applied, also when it was applied to
// the old figures while the reload read (LiveChanges puts it into the new ones). At start the
// feed reads from the stream's end as recorded before the load, so a change committed after the
// load's snapshot is on the stream after that place. No timer is involved. On SQLite (a database
// per node, one writer) changes carry no id and a reload behaves as before.
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services';
import { openChangeFeed, type ChangeFeed, type StreamStart } from './change-feed';

export interface Cluster {
  feed: ChangeFeed;
  /** Resolves when no reload is running or due (tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `from`: the stream's end recorded before the services loaded their figures (streamStart);
 * null when Redis did not answer then, and the figures are read again once the feed reads.
 */
export function joinCluster(
  redisUrl: string,
  s: Services,
  log: FastifyBaseLogger,
  from?: StreamStart | null,
): Cluster {
  // One reload at a time; gaps seen during one call for one more after it.
  let reloading: Promise<void> | null = null;
  let again = false;
  let closed = false;
  async function reload(): Promise<void> {
    do {
      again = false;
      const t0 = performance.now();
      try {
        await s.reload();
        log.warn({ ms: Math.round(performance.now() - t0) }, 'cluster: figures reloaded');
      } catch (err) {
        log.error({ err }, 'cluster: reloading the figures failed; restart this node');
      }
    } while (again);
    reloading = null;
  }
  function gap(): void {
    if (closed) return;
    if (reloading) again = true;
    else reloading = reload();
  }
  const feed = openChangeFeed({
    redisUrl,
    apply: (c) => s.changes.apply(c),
    onGap: gap,
    log,
    ...(from && { from }),
  });
  const stop = s.changes.publishTo(feed.publish);
  // Changes committed between the load and the feed's first read were not read by either.
  if (from === null) void feed.ready.then(gap);
  return {
    feed,
    settled: async () => {
      while (reloading) await reloading;
    },
    async close() {
      closed = true;
      stop();
      await feed.close();
      while (reloading) await reloading;
    },
  };
}
