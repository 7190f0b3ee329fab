// Two real server nodes (child processes) behind a real nginx (deploy/nginx.conf, as
// `npm run start:cluster` writes it), joined through a real Redis started for this file. Screens
// connect through nginx with the WebSocket transport only, as the wall's client does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { INGEST, type ClientSocket } from './build-app';
import { NodesBehindNginx } from './nodes-behind-nginx';
import { TINY_DISTRICT_ID, tinyGridIds } from '../fixtures/tiny-dataset';
import type { BriefingState, RegionRef, Snapshot } from '../../shared/protocol';
import { freePort, startNode, startRedis, stop } from '../../scripts/cluster/processes';

const PRESENTER = 'presenter-token-for-tests-001';
const district: RegionRef = { level: 'district', id: TINY_DISTRICT_ID };

// SQLite nodes, each its own database file.
const cluster = new NodesBehindNginx({ name: 'cluster', env: { PRESENTER_TOKEN: PRESENTER } });
const { dir, nodes, nodeEnv, direct, viaNginx } = cluster;
const sockets: ClientSocket[] = [];

beforeAll(() => cluster.start());

afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster.stop();
});

/** A socket as the wall opens one: WebSocket only, reconnecting by itself. */
function open(url: string, name: string): Promise<ClientSocket> {
  return new Promise((ok, fail) => {
    const s: ClientSocket = ioClient(url, {
      path: '/socket.io',
      transports: ['websocket'],
      // A browser names the page's origin; the node compares it with the Host nginx passes on.
      extraHeaders: { origin: url },
      // Named in nginx's access log (the request line), to tell which node took it.
      query: { screen: name },
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

/** A new problem written straight to node i; its status. */
async function write(i: number, id: string): Promise<number> {
  const r = await fetch(`${direct(i)}/api/problems`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, category: 'safety', source: 'patrol', gridId: tinyGridIds()[0] }),
  });
  return r.status;
}

/** The node (127.0.0.1:port) nginx gave the named screen to, from its access log. */
function nodeOf(name: string): string | undefined {
  const log = readFileSync(join(dir, 'nginx', 'access.log'), 'utf8');
  return log.match(new RegExp(`screen=${name}[& ].* upstream=(\\S+)`))?.[1];
}

describe.skipIf(cluster.skip)('several nodes behind nginx, joined by Redis', () => {
  it('takes a WebSocket through nginx and serves a snapshot over it', async () => {
    const s = await open(viaNginx(), 'first');
    expect(s.io.engine.transport.name).toBe('websocket');
    const snap = await subscribe(s);
    expect(snap.view.scope).toEqual(district);
    expect(snap.view.windows.today.reported).toBeGreaterThanOrEqual(0);
    s.close();
    // nginx logs a WebSocket when it closes: 101, to one of the nodes.
    await until(() => nodeOf('first') !== undefined);
    const line = readFileSync(join(dir, 'nginx', 'access.log'), 'utf8')
      .split('\n')
      .find((l) => l.includes('screen=first'))!;
    expect(line).toMatch(/ 101 /);
    expect(nodes.map((n) => `127.0.0.1:${n.port}`)).toContain(nodeOf('first'));
  });

  it('keeps a long-polling session (and its upgrade to a WebSocket) on one node', async () => {
    // The fallback for a network that blocks WebSockets: every request of the session must reach
    // the node that holds it, or it is "Session ID unknown". Several sessions, so round robin
    // would have split at least one of them.
    for (const k of [0, 1, 2, 3]) {
      const s = await new Promise<ClientSocket>((ok, fail) => {
        const c: ClientSocket = ioClient(viaNginx(), {
          path: '/socket.io',
          transports: ['polling', 'websocket'],
          query: { screen: `poll-${k}` },
          reconnection: false,
        });
        sockets.push(c);
        c.once('connect', () => ok(c));
        c.once('connect_error', fail);
      });
      const snap = await subscribe(s);
      expect(snap.view.scope).toEqual(district);
      await until(() => s.io.engine.transport.name === 'websocket');
      expect((await subscribe(s)).view.scope).toEqual(district);
      expect(s.connected).toBe(true);
      s.close();
    }
  });

  it("delivers a presenter's step on one node to walls on every node", async () => {
    // Two walls in a row through nginx: round robin puts them on different nodes.
    const walls = [await open(viaNginx(), 'wall-a'), await open(viaNginx(), 'wall-b')];
    const heard: BriefingState[][] = walls.map(() => []);
    walls.forEach((w, i) => w.on('briefing:state', (st) => heard[i]!.push(st)));
    for (const w of walls)
      await new Promise<void>((ok) => w.emit('briefing:join', 'cluster-demo', () => ok()));
    const presenters = [await open(direct(0), 'presenter-1'), await open(direct(1), 'presenter-2')];
    const frozenAt = new Date(Date.now() - 60_000).toISOString();
    const step = (p: ClientSocket, sceneIndex: number) =>
      new Promise<BriefingState>((ok, fail) =>
        p.emit(
          'briefing:goto',
          { briefingId: 'cluster-demo', sceneIndex, frozenAt, presenterToken: PRESENTER },
          (res) => (res?.ok ? ok(res.data) : fail(new Error(res?.message))),
        ),
      );
    const t0 = Date.now();
    await step(presenters[0]!, 1);
    await until(() => heard.every((h) => h.some((st) => st.sceneIndex === 1)));
    const crossMs = Date.now() - t0;
    await step(presenters[1]!, 2);
    await until(() => heard.every((h) => h.some((st) => st.sceneIndex === 2)));
    console.log(`briefing step reached walls on both nodes in ${crossMs} ms`);
    // Each step crossed from one node to a wall on the other one.
    for (const w of walls) w.close();
    await until(() => nodeOf('wall-a') !== undefined && nodeOf('wall-b') !== undefined);
    expect(new Set([nodeOf('wall-a'), nodeOf('wall-b')]).size).toBe(2);
    // A wall joining later on either node finds the briefing where the presenter left it.
    for (const i of [0, 1]) {
      const late = await open(direct(i), `late-${i}`);
      const state = await new Promise<BriefingState | null>((ok) =>
        late.emit('briefing:join', 'cluster-demo', (res) => ok(res.ok ? res.data : null)),
      );
      expect(state).toMatchObject({ sceneIndex: 2, frozenAt });
      // And both nodes hold its frozen moment for GET /api/snapshot?at=.
      const r = await fetch(
        `${direct(i)}/api/snapshot?level=district&id=${TINY_DISTRICT_ID}&at=${encodeURIComponent(frozenAt)}`,
      );
      expect(r.status).toBe(200);
    }
    // A node that starts mid-briefing learns it from Redis, moment and all.
    const port = await freePort();
    const third = await startNode(port, nodeEnv('node-3'));
    try {
      const late = await open(`http://127.0.0.1:${port}`, 'late-3');
      let state: BriefingState | null = null;
      await until(() => {
        late.emit('briefing:join', 'cluster-demo', (res) => res.ok && (state = res.data));
        return state !== null;
      });
      expect(state).toMatchObject({ sceneIndex: 2, frozenAt });
      const r = await fetch(
        `http://127.0.0.1:${port}/api/snapshot?level=district&id=${TINY_DISTRICT_ID}&at=${encodeURIComponent(frozenAt)}`,
      );
      expect(r.status).toBe(200);
    } finally {
      await stop(third);
    }
  });

  it("keeps each node's delta sequence its own, with every node's writes in it", async () => {
    // The same scope watched on both nodes: each node's hub has a room for it.
    await subscribe(await open(direct(0), 'seq-other'));
    const s = await open(direct(1), 'seq');
    let snap = await subscribe(s);
    const seqs: number[] = [];
    s.on('delta', (d) => seqs.push(d.seq));
    // Writes on both nodes: node 2's screen hears all of them (the change feed) in node 2's own
    // gap-free sequence, never node 1's deltas (io.local).
    for (const [i, id] of [
      [0, 'seq-a'],
      [1, 'seq-b'],
      [0, 'seq-c'],
      [1, 'seq-d'],
    ] as const) {
      const r = await write(i, id);
      expect(r).toBe(201);
      await new Promise((r) => setTimeout(r, 300));
    }
    await until(() => seqs.length >= 1);
    expect(seqs).toEqual(seqs.map((_, k) => snap.seq + k + 1));
    snap = await subscribe(await open(direct(1), 'seq-fresh'));
    expect(snap.seq).toBe(seqs.at(-1));
    const ids = snap.view.recentEvents.map((e) => e.problemId);
    expect(ids).toEqual(expect.arrayContaining(['seq-a', 'seq-b', 'seq-c', 'seq-d']));
  });

  it('serves on while Redis is away and joins the nodes again when it is back', async () => {
    const wall = await open(direct(1), 'redis-wall');
    const heard: number[] = [];
    wall.on('briefing:state', (st) => heard.push(st.sceneIndex));
    await new Promise<void>((ok) => wall.emit('briefing:join', 'redis-demo', () => ok()));
    const local = await open(direct(1), 'redis-local');
    const remote = await open(direct(0), 'redis-remote');
    const step = (p: ClientSocket, sceneIndex: number) =>
      new Promise<boolean>((ok) =>
        p.emit(
          'briefing:goto',
          {
            briefingId: 'redis-demo',
            sceneIndex,
            frozenAt: new Date(Date.now() - 60_000).toISOString(),
            presenterToken: PRESENTER,
          },
          (res) => ok(res?.ok === true),
        ),
      );
    await stop(cluster.redis);
    // The node's own walls still get their presenter's steps at once, and it answers HTTP.
    const t0 = Date.now();
    expect(await step(local, 3)).toBe(true);
    await until(() => heard.includes(3), 2000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await fetch(`${direct(1)}/api/health`)).status).toBe(200);
    expect((await fetch(`${direct(0)}/api/health`)).status).toBe(200);
    // Redis back on the same port: the nodes reconnect by themselves and are joined again.
    cluster.redis = await startRedis(cluster.redisPort);
    const back = Date.now();
    await until(() => {
      void step(remote, 4);
      return heard.includes(4);
    }, 15_000);
    console.log(`nodes joined again ${Date.now() - back} ms after Redis came back`);
    // Nothing that failed while Redis was away brings a node down afterwards (the crash policy
    // exits half a second after an unhandled rejection).
    await new Promise((r) => setTimeout(r, 1000));
    for (const n of nodes) {
      expect(n.proc.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${n.port}/api/health`)).status).toBe(200);
    }
  }, 30_000);

  it('starts and serves its screens while its Redis is down', async () => {
    const port = await freePort();
    const nobody = await freePort();
    const lone = await startNode(port, {
      ...nodeEnv('lone'),
      REDIS_URL: `redis://127.0.0.1:${nobody}`,
    });
    try {
      const snap = await subscribe(await open(`http://127.0.0.1:${port}`, 'lone'));
      expect(snap.view.scope).toEqual(district);
      await new Promise((r) => setTimeout(r, 1000));
      expect(lone.child.exitCode).toBeNull();
      expect(lone.logs.join('')).toMatch(/Redis unreachable/);
    } finally {
      await stop(lone);
    }
  });

  it('moves the screens of a SIGKILLed node to the other one within 15 s, with a fresh snapshot', async () => {
    // Four screens in a row: round robin puts two on each node.
    const screens = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const s = await open(viaNginx(), `kill-${i}`);
        const got = { socket: s, dropped: false, snapshot: await subscribe(s) };
        s.on('disconnect', () => (got.dropped = true));
        // As the wall's client does: every (re)connect subscribes again and takes the snapshot.
        s.io.on('reconnect', () => void subscribe(s).then((snap) => (got.snapshot = snap)));
        return got;
      }),
    );
    const killed = nodes[0]!;
    const t0 = Date.now();
    await stop(killed.proc, 'SIGKILL');
    await until(() => screens.some((s) => s.dropped), 5000);
    await until(() => screens.every((s) => s.socket.connected && s.snapshot.seq >= 0), 15_000);
    const movedMs = Date.now() - t0;
    console.log(`screens back on the surviving node ${movedMs} ms after SIGKILL`);
    expect(movedMs).toBeLessThan(15_000);
    const dropped = screens.filter((s) => s.dropped);
    expect(dropped.length).toBe(2);
    // Each moved screen shows exactly what a fresh screen on the surviving node is shown.
    const fresh = await subscribe(await open(direct(1), 'fresh'));
    for (const s of dropped) {
      const snap = await subscribe(s.socket);
      expect(snap.view).toEqual(fresh.view);
      expect(snap.seq).toBe(fresh.seq);
    }
  }, 40_000);

  it('stops a node gracefully at SIGTERM with screens connected (a rolling restart)', async () => {
    const s = await open(viaNginx(), 'term');
    await subscribe(s);
    let told = false;
    s.on('server:closing', () => (told = true));
    const node = nodes[1]!;
    const t0 = Date.now();
    await stop(node.proc, 'SIGTERM', 5000);
    const ms = Date.now() - t0;
    console.log(`node with a connected screen stopped ${ms} ms after SIGTERM`);
    expect(node.proc.child.exitCode).toBe(0);
    expect(ms).toBeLessThan(3000);
    await until(() => told);
  });
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
