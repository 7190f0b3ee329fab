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

/**
 * After a gap, other nodes send the changes they held while Redis was away as soon as they
 * reconnect. One that arrives after this node's reload read the store is already in the figures
 * and would count twice (a change is "-prev +next"): a second reload this much later puts the
 * figures back on the store's. Changes held longer than this can still count twice until the
 * next gap or restart (see the note on issue #15).
 */
const SETTLE_MS = 3_000;

export function joinCluster(redisUrl: string, s: Services, log: FastifyBaseLogger): Cluster {
  // One reload at a time; gaps seen during one call for one more after it.
  let reloading: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let settle: NodeJS.Timeout | null = null;
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
  function gap(settling: boolean): void {
    if (closed) return;
    if (reloading) again = true;
    else reloading = reload();
    if (settling) return;
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      gap(true);
    }, SETTLE_MS);
    settle.unref();
  }
  const feed = openChangeFeed({
    redisUrl,
    apply: (c) => s.changes.apply(c),
    onGap: () => gap(false),
    log,
  });
  const stop = s.changes.publishTo(feed.publish);
  return {
    feed,
    settled: async () => {
      while (reloading) await reloading;
    },
    async close() {
      closed = true;
      if (settle) clearTimeout(settle);
      stop();
      await feed.close();
      while (reloading) await reloading;
    },
  };
}
