// A node joins the others: its committed changes go out on the change feed, theirs come in.
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services';
import { openChangeFeed, type ChangeFeed } from './change-feed';

export interface Cluster {
  feed: ChangeFeed;
  close(): Promise<void>;
}

export function joinCluster(redisUrl: string, s: Services, log: FastifyBaseLogger): Cluster {
  const feed = openChangeFeed({
    redisUrl,
    apply: (c) => s.changes.apply(c),
    // TODO(#15): reload the aggregates from the store here (a fresh aggregatorFromStore swapped
    // in under the hub). Until then the figures of this node stay short of what it missed until
    // it restarts; the error log says so.
    onGap: (reason) => log.error({ reason }, 'cluster: restart this node to reload its figures'),
    log,
  });
  const stop = s.changes.publishTo(feed.publish);
  return {
    feed,
    async close() {
      stop();
      await feed.close();
    },
  };
}
