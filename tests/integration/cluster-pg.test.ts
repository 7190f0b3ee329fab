// Two real server nodes on one PostgreSQL database, joined through a real Redis, behind a real
// nginx: what a command center runs. A write on one node reaches screens on the other (the change
// feed), every node ends up with the same figures, and a node killed with SIGKILL loses no
// acknowledged write and hands its screens to the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { INGEST, type ClientSocket } from './build-app';
import { NodesBehindNginx } from './nodes-behind-nginx';
import { TINY_DISTRICT_ID, tinyGridIds } from '../fixtures/tiny-dataset';
import type { Delta, RegionRef, ScopeView, Snapshot } from '../../shared/protocol';
import { startRedis, stop } from '../../scripts/cluster/processes';

const district: RegionRef = { level: 'district', id: TINY_DISTRICT_ID };
const cluster = new NodesBehindNginx({
  name: 'cluster-pg',
  pg: true,
  env: { RATE_LIMIT_PER_MINUTE: '100000' },
});
const { nodes, direct, viaNginx } = cluster;
const sockets: ClientSocket[] = [];

beforeAll(() => cluster.start());

afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster.stop();
});

function open(url: string): Promise<ClientSocket> {
  return new Promise((ok, fail) => {
    const s: ClientSocket = ioClient(url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { origin: url },
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    sockets.push(s);
    s.once('connect', () => ok(s));
    s.once('connect_error', fail);
  });
}

const subscribe = (s: ClientSocket) =>
  new Promise<Snapshot>((ok, fail) =>
    s.emit('subscribe', district, (res) => (res.ok ? ok(res.data) : fail(new Error(res.message)))),
  );

async function send(i: number, path: string, body: unknown): Promise<Response> {
  return fetch(`${direct(i)}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const problem = (id: string, g = 0) => ({
  id,
  category: 'safety',
  source: 'patrol',
  gridId: tinyGridIds()[g % tinyGridIds().length],
});

async function view(i: number): Promise<ScopeView> {
  const r = await fetch(`${direct(i)}/api/snapshot?level=district&id=${TINY_DISTRICT_ID}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as Snapshot).view;
}

/**
 * What must be equal on every node. Not the ticker: each node lists events in the order they
 * reached it, so its newest 30 may differ at the edge; tests check their own events are in it.
 */
const figures = (v: ScopeView) => ({
  windows: v.windows,
  current: v.current,
  trend: v.trend,
  regions: v.regions,
});
const tickerHas = (v: ScopeView, ids: string[]) =>
  ids.every((id) => v.recentEvents.some((e) => e.problemId === id));

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The nearest-rank percentile: the ⌈p·n⌉-th smallest (of 100 samples, p99 is the 99th). */
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)]!;

describe.skipIf(cluster.skip)('two nodes on one PostgreSQL database', () => {
  // 100 writes, so that p99 is a percentile and not the slowest write: of 30 it was the maximum,
  // and one write held up 717 ms on a CI run beside the browser lane failed it (p50 123 ms).
  it(
    'brings a write on node A to a screen on node B: p99 ≤ 500 ms',
    { timeout: 60_000 },
    async () => {
      const screen = await open(direct(1));
      await subscribe(screen);
      const heard = new Map<string, number>();
      screen.on('delta', (d: Delta) => {
        for (const e of d.events ?? [])
          if (!heard.has(e.problemId)) heard.set(e.problemId, Date.now());
      });
      const ms: number[] = [];
      for (let k = 0; k < 100; k++) {
        const id = `cross-${k}`;
        const t0 = Date.now();
        expect((await send(0, '/api/problems', problem(id, k))).status).toBe(201);
        await until(() => heard.has(id), 5000);
        ms.push(heard.get(id)! - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(`node A → screen on node B: p50 ${q(ms, 0.5)} ms, p99 ${q(ms, 0.99)} ms`);
      expect(q(ms, 0.99)).toBeLessThanOrEqual(500);
    },
  );

  it('gives every node the same figures after a burst of writes on both', async () => {
    const ids = Array.from({ length: 60 }, (_, k) => `burst-${k}`);
    // Problems on both nodes at once, then transitions of each on the other node.
    await Promise.all(
      ids.map((id, k) => send(k % 2, '/api/problems', problem(id, k)).then((r) => r.status)),
    );
    const moves = ids.map((id, k) =>
      send((k + 1) % 2, `/api/problems/${id}/transitions`, { stage: 'called' }).then(
        (r) => r.status,
      ),
    );
    expect(new Set(await Promise.all(moves))).toEqual(new Set([200]));
    await until(async () => {
      const [a, b] = [await view(0), await view(1)];
      return JSON.stringify(figures(a)) === JSON.stringify(figures(b));
    });
    const a = await view(0);
    expect(a.current.open).toBeGreaterThanOrEqual(60);
    expect(figures(await view(1))).toEqual(figures(a));
  });

  it('recovers by itself from a Redis restart: writes made meanwhile reach the other node', async () => {
    const before = figures(await view(1));
    await stop(cluster.redis);
    // Both nodes go on taking writes while Redis is away (the store is PostgreSQL, not Redis).
    for (let k = 0; k < 10; k++)
      expect((await send(k % 2, '/api/problems', problem(`redis-gone-${k}`, k))).status).toBe(201);
    cluster.redis = await startRedis(cluster.redisPort); // back empty: nothing of the stream survived
    // Not just "equal": five writes on each node make both read +5 before either catches up.
    await until(async () => {
      const [a, b] = [figures(await view(0)), figures(await view(1))];
      return JSON.stringify(a) === JSON.stringify(b) && a.current.open - before.current.open === 10;
    }, 40_000);
    const after = figures(await view(1));
    expect(after.current.open - before.current.open).toBe(10);
    // The events written meanwhile are on both tickers (a node that reloaded pushed those it missed).
    const gone = Array.from({ length: 10 }, (_, k) => `redis-gone-${k}`);
    for (const i of [0, 1]) await until(async () => tickerHas(await view(i), gone));
    // And the link works again: a new write crosses as before.
    expect((await send(0, '/api/problems', problem('redis-back', 1))).status).toBe(201);
    await until(async () => (await view(1)).current.open === after.current.open + 1);
  }, 60_000);

  it('loses no acknowledged write when a node is killed, and moves its screens over', async () => {
    const screens = [await open(viaNginx()), await open(viaNginx())];
    for (const s of screens) await subscribe(s);
    const acked: string[] = [];
    const writing = (async () => {
      for (let k = 0; k < 200; k++) {
        const r = await send(0, '/api/problems', problem(`kill-${k}`, k)).catch(() => null);
        if (r?.status === 201) acked.push(`kill-${k}`);
        if (!r) return;
      }
    })();
    await until(() => acked.length >= 20);
    nodes[0]!.proc.child.kill('SIGKILL');
    await writing;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 300)); // the killed node's sockets notice the close
    await until(() => screens.every((s) => s.connected), 15_000);
    const movedMs = Date.now() - t0;
    for (const s of screens) expect((await subscribe(s)).view.scope).toEqual(district);
    console.log(
      `${acked.length} writes acknowledged before the kill; screens back in ${movedMs} ms`,
    );
    for (const id of acked) {
      const r = await fetch(`${direct(1)}/api/problems/${id}`);
      expect(r.status, id).toBe(200);
    }
  });
});
