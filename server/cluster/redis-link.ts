// The link between nodes when REDIS_URL is set: socket.io's Redis Streams adapter (briefing rooms
// and presenter steps reach sockets on every node; it supports connection-state recovery, the
// pub/sub adapter does not), a channel the nodes tell each other briefing steps on, and the
// briefings in progress (shared-briefings.ts), for a node that starts or reconnects mid-briefing.
// Redis holds nothing durable here: a node that cannot reach it serves its own sockets, logs, and
// the client reconnects by itself (ioredis retries forever); nothing here may throw into the
// process, whose crash policy exits on an unhandled rejection.
import { Redis, type RedisOptions } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';

export interface LinkLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Back-off between reconnect attempts: quick at first, then every 2 s for as long as it takes. */
const retryStrategy = (times: number) => Math.min(times * 100, 2000);

// The publisher answers at once when Redis is away (no offline queue): the adapter publishes a
// broadcast before delivering it locally, so a queued publish would hold up this node's own
// sockets until Redis is back. The stream reader and the subscriber (the adapter makes them with
// duplicate()) wait instead, so they resume where they stopped once Redis is back.
const PUBLISHER: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy,
};
const LISTENER: RedisOptions = { maxRetriesPerRequest: null, retryStrategy };

export type RedisLink = ReturnType<typeof createRedisLink>;

export function createRedisLink(url: string, log: LinkLog) {
  const clients: Redis[] = [];
  function client(options: RedisOptions, role: string): Redis {
    const c = new Redis(url, options);
    // ioredis reports every failed attempt; once per outage is enough in the log.
    let down = false;
    c.on('error', (err: Error) => {
      if (down) return;
      down = true;
      log.warn(
        { err, redis: role },
        'Redis unreachable: this node serves its own screens, retrying',
      );
    });
    c.on('ready', () => {
      if (down || role === 'publisher') log.info({ redis: role }, 'Redis connected: nodes joined');
      down = false;
    });
    clients.push(c);
    return c;
  }

  const pub = client(PUBLISHER, 'publisher');
  pub.duplicate = () => client(LISTENER, 'listener');
  // The adapter sends server-side messages with PUBLISH and drops the promise: when Redis is
  // away that rejection would reach the crash policy and stop the node.
  const publish = pub.publish.bind(pub);
  pub.publish = (channel: string, message: Buffer) =>
    publish(channel, message).catch((err: unknown) => {
      log.warn({ err }, 'Redis publish failed: other nodes miss this message');
      return 0;
    });

  return {
    /** Commands answer at once (rejecting while Redis is away): catch every one. */
    redis: pub,
    /** Runs `fn` now if the link is up, and each time it is (re)made. */
    onReady(fn: () => void): void {
      if (pub.status === 'ready') fn();
      pub.on('ready', fn);
    },
    adapter: createAdapter(pub, { streamName: 'screen:socket.io', channelPrefix: 'screen' }),
    close(): void {
      for (const c of clients) c.disconnect();
    },
  };
}
