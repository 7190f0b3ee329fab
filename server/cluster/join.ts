// A node joins the others: its committed changes go out on the change feed, theirs come in, and
// when it may have missed some (change-feed.ts says when) it reloads its figures from the store.
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services';
import { openChangeFeed, type ChangeFeed } from './change-feed';

export interface Cluster {
  feed: ChangeFeed;
  /** Resolves when no reload is running or due (tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function joinCluster(redisUrl: string, s: Services, log: FastifyBaseLogger): Cluster {
  // One reload at a time; gaps seen during one call for one more after it.
  let reloading: Promise<void> | null = null;
  let again = false;
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
  const feed = openChangeFeed({
    redisUrl,
    apply: (c) => s.changes.apply(c),
    onGap: () => {
      if (reloading) again = true;
      else reloading = reload();
    },
    log,
  });
  const stop = s.changes.publishTo(feed.publish);
  return {
    feed,
    settled: async () => {
      while (reloading) await reloading;
    },
    async close() {
      stop();
      await feed.close();
      while (reloading) await reloading;
    },
  };
}
