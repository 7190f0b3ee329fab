// The changes every node commits, to every other node, through one Redis Stream.
//
// Why a Redis Stream and not PostgreSQL LISTEN/NOTIFY: a stream is a log. XADD gives each entry
// its id at one place (the Redis server), so every node reads the same entries in the same order,
// and a node that lost its connection asks for "everything after the last id I applied" and gets
// exactly that (STACK-NOTES: assign order centrally in one ordered log). NOTIFY is fire-and-forget:
// a listener that reconnects has missed whatever was sent meanwhile and would need a catch-up
// query over a change table we would have to write, index and prune ourselves; its payload is
// capped at 8 kB; and it would tie the cluster to the PostgreSQL store. Redis is already there
// for the socket.io adapter.
//
// The stream's order is the order of XADD, which follows commit order on each node but can swap
// two nodes' changes that committed a moment apart: live-changes.ts makes applying them
// order-safe. Entries carry the sending node's id (a node skips its own: it applied them at
// commit) and its sequence number, so a repeat (a resend after a lost reply) is dropped and a gap
// (entries trimmed away before this node read them, changes a sender had to drop while Redis was
// down) is seen. Redis restarted empty is seen by an epoch key that vanishes with it. After a gap
// this node cannot know what it missed: `onGap` is told, to reload its figures from the store.
//
// Exactness (issue #15) is not this file's: each entry carries its transaction's id, and
// LiveChanges skips an entry the last load of the figures saw, so reading an entry "too early"
// (from before the load, or one held by a sender during an outage) counts nothing twice. What this
// file owes is to miss nothing after the load: a node starts reading at the place recorded before
// its load (`from`, streamStart), and every missed stretch is reported as a gap.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { changeToJson, type Change } from './change';

export interface ChangeFeedOptions {
  redisUrl: string;
  /** Applies another node's change here (LiveChanges.apply). */
  apply: (c: Change) => void;
  /** This node may have missed changes (see above); `reason` says why. */
  onGap: (reason: string) => void;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** The stream's key (tests use their own). */
  stream?: string;
  /** Entries kept, about (MAXLEN ~): how far behind a node may fall before it misses some. */
  maxLen?: number;
  /**
   * Where to start reading: the stream's end as recorded before this node loaded its figures
   * (streamStart). Without it, the stream's end at the first connection.
   */
  from?: StreamStart;
}

/** A place in the stream, and the epoch it belongs to (a Redis restarted empty has another). */
export interface StreamStart {
  id: string;
  epoch: string;
}

export const CHANGE_STREAM = 'screen:changes';
/**
 * At ~0.5 kB an entry, 100k entries are ~50 MB of Redis memory and several minutes of writes at
 * the rate one node sustains (bench/writes.ts): far more than a reconnect takes.
 */
const MAX_LEN = 100_000;
/** Entries read per XREAD, and sent per pipeline. */
const BATCH = 500;
/** Changes a node holds while Redis is unreachable; beyond it the oldest are dropped (a gap). */
const HELD_MAX = 100_000;
/** A blocking read returns this often with nothing, so close() never waits long. */
const BLOCK_MS = 2_000;

/** How soon changes whose send failed go again (while disconnected, 'ready' sends them). */
const RESEND_MS = 200;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Back-off after failed reads: 100 ms doubling up to 5 s. */
const backoff = (failures: number) => Math.min(5_000, 100 * 2 ** Math.min(failures, 6));

export interface ChangeFeed {
  /** Sends a change committed here to the other nodes (in the order of the calls). */
  publish: (c: Change) => void;
  readonly nodeId: string;
  /** Resolves once the feed reads the stream (the first connection to Redis). */
  readonly ready: Promise<void>;
  stats(): { published: number; applied: number; repeats: number; gaps: number; held: number };
  close(): Promise<void>;
}

/** The stream's last entry so far ('0-0': none), as its reader's first command reads it. */
async function endOf(r: Redis, key: string): Promise<string> {
  const last = (await r.xrevrange(key, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
  return last[0]?.[0] ?? '0-0';
}

/** The epoch of the stream, set by the first node to ask (SET NX GET). */
async function epochOf(r: Redis, key: string): Promise<string> {
  const mine = randomUUID();
  return (await r.set(`${key}:epoch`, mine, 'NX', 'GET')) ?? mine;
}

/**
 * The stream's end now, for a feed opened later to read from (`from`); null when Redis does not
 * answer within `ms` (the node starts anyway, see join.ts).
 */
export async function streamStart(
  redisUrl: string,
  stream = CHANGE_STREAM,
  ms = 2_000,
): Promise<StreamStart | null> {
  const r = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: ms,
    retryStrategy: () => null,
    connectionName: `changes:${stream}:start`,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return { epoch: await epochOf(r, stream), id: await endOf(r, stream) };
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

/**
 * Connects and reads from `from`, or else from the stream's end as of its first connection: what
 * is older was in the store this node loaded at start.
 */
export function openChangeFeed(o: ChangeFeedOptions): ChangeFeed {
  const key = o.stream ?? CHANGE_STREAM;
  const maxLen = o.maxLen ?? MAX_LEN;
  const nodeId = randomUUID();
  // Separate connections: a blocking XREAD holds its connection for up to BLOCK_MS.
  // The writer fails fast while disconnected (its changes wait in `held`); the reader's commands
  // wait for the reconnect, which ioredis retries with its own back-off, and a read cut off is
  // sent again then (autoResendUnfulfilledCommands: with it off, ioredis drops the command and
  // its promise never settles).
  const writer = new Redis(o.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectionName: `changes:${key}:writer`,
  });
  const reader = new Redis(o.redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: `changes:${key}:reader`,
  });
  for (const [name, r] of [
    ['writer', writer],
    ['reader', reader],
  ] as const) {
    // ioredis reports every failed attempt; once per outage is enough in the log.
    let down = false;
    r.on('error', (err: Error) => {
      if (!down)
        o.log.warn({ err: err.message }, `change feed ${name}: Redis unreachable, retrying`);
      down = true;
    });
    r.on('ready', () => {
      if (down) o.log.info({}, `change feed ${name}: Redis back`);
      down = false;
    });
  }

  const stats = { published: 0, applied: 0, repeats: 0, gaps: 0, held: 0 };
  let closed = false;

  // ---- sending ----
  let seq = 0;
  let held: Array<{ seq: number; json: string }> = [];
  let sending: Promise<void> | null = null;
  let queued = false;

  function publish(c: Change): void {
    held.push({ seq: ++seq, json: changeToJson(c) });
    if (held.length > HELD_MAX) held = held.slice(-HELD_MAX);
    // One send per turn of the event loop: the changes of one group commit go in one pipeline.
    if (!queued) {
      queued = true;
      setImmediate(() => {
        queued = false;
        void send();
      });
    }
  }

  function send(): Promise<void> {
    if (sending || writer.status !== 'ready') return sending ?? Promise.resolve();
    sending = sendHeld().finally(() => (sending = null));
    return sending;
  }

  async function sendHeld(): Promise<void> {
    try {
      while (held.length > 0 && writer.status === 'ready') {
        const part = held.slice(0, BATCH);
        const p = writer.pipeline();
        for (const h of part)
          p.xadd(key, 'MAXLEN', '~', maxLen, '*', 'n', nodeId, 's', String(h.seq), 'c', h.json);
        const res = (await p.exec()) ?? [];
        // Sent up to the first failure; the rest goes again (a receiver drops what it has).
        let ok = 0;
        while (ok < part.length && res[ok] && !res[ok]![0]) ok++;
        const last = part[ok - 1];
        if (last) held = held.filter((h) => h.seq > last.seq);
        stats.published += ok;
        if (ok < part.length) break;
      }
    } catch (err) {
      o.log.warn({ err: (err as Error).message }, 'change feed: send failed, will resend');
    }
    // A failed part whose connection is already back hears no 'ready': try again shortly.
    if (held.length > 0 && !closed) setTimeout(() => void send(), RESEND_MS).unref();
  }
  writer.on('ready', () => void send());

  // ---- receiving ----
  const lastSeq = new Map<string, number>();
  /** null until the first connection: then the stream's end. */
  let lastId: string | null = o.from?.id ?? null;
  let epoch: string | null = o.from?.epoch ?? null;
  let joined = false;
  let checkEpoch = true;
  reader.on('ready', () => (checkEpoch = true));

  function gap(reason: string): void {
    stats.gaps += 1;
    o.log.error({ reason }, 'change feed: this node may have missed changes of other nodes');
    o.onGap(reason);
  }

  /** The epoch key vanishes when Redis restarts empty (or the stream is deleted). */
  async function verifyEpoch(): Promise<void> {
    const now = await epochOf(reader, key);
    if (epoch !== null && now !== epoch) {
      // What the stream holds now came after what this node may have missed; the reload reads it.
      lastId = await endOf(reader, key);
      lastSeq.clear();
      gap('redis lost the change stream (restarted empty?)');
    }
    epoch = now;
  }

  function receive(id: string, fields: string[]): void {
    lastId = id;
    const f = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
    const from = f.get('n');
    const s = Number(f.get('s'));
    if (!from || from === nodeId) return;
    const before = lastSeq.get(from);
    if (before !== undefined && s <= before) {
      stats.repeats += 1;
      return;
    }
    lastSeq.set(from, s);
    if (before !== undefined && s > before + 1)
      gap(`missed ${s - before - 1} change(s) of node ${from}`);
    try {
      o.apply(JSON.parse(f.get('c')!) as Change);
      stats.applied += 1;
    } catch (err) {
      o.log.error({ err, id }, 'change feed: could not apply a change');
    }
  }

  async function readLoop(): Promise<void> {
    let failures = 0;
    while (!closed) {
      try {
        if (checkEpoch) {
          checkEpoch = false;
          await verifyEpoch();
        }
        if (lastId === null) lastId = await endOf(reader, key);
        if (!joined) {
          joined = true;
          o.log.info({ stream: key, nodeId, from: lastId }, 'change feed: joined the other nodes');
          positioned();
        }
        const res = await reader.xread('COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', key, lastId);
        failures = 0;
        for (const [id, fields] of res?.[0]?.[1] ?? []) receive(id, fields);
      } catch (err) {
        if (closed) break;
        checkEpoch = true;
        o.log.warn({ err: (err as Error).message }, 'change feed: read failed, retrying');
        await sleep(backoff(failures++));
      }
    }
  }

  let positioned!: () => void;
  const ready = new Promise<void>((r) => (positioned = r));
  // Not awaited: a node whose Redis is down starts anyway and joins when it comes up.
  const loop = readLoop();

  return {
    publish,
    nodeId,
    ready,
    stats: () => ({ ...stats, held: held.length }),
    async close() {
      await send();
      closed = true;
      reader.disconnect();
      // A command waiting for a reconnect that will not come now never settles (ioredis leaves
      // its offline queue alone when it disconnects between attempts): don't wait for it.
      await Promise.race([loop, sleep(500)]);
      await writer.quit().catch(() => writer.disconnect());
    },
  };
}
