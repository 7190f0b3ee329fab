// Real socket.io clients on an ephemeral port. A screen applies deltas with the client's own
// updaters; after any sequence of writes (and after a gap + resync) it must equal a fresh snapshot.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp, listenAndConnect, post, type ClientSocket, type TestApp } from './build-app';
import { TINY_DISTRICT_ID, TINY_STREET_IDS, tinyGridIds } from '../fixtures/tiny-dataset';
import type { Delta, RegionRef, Snapshot } from '../../shared/protocol';
import { io as ioClient } from 'socket.io-client';
import { reduce } from '../../client/store/updaters';
import { initialState, type ScreenState } from '../../client/store/screen-state';

let t: TestApp;
let sockets: ClientSocket[] = [];
beforeEach(async () => (t = await buildTestApp()));
afterEach(async () => {
  for (const s of sockets) s.close();
  sockets = [];
  await t.close();
});

const subscribe = (s: ClientSocket, scope: RegionRef) =>
  new Promise<Snapshot>((ok, fail) =>
    s.emit('subscribe', scope, (res) => (res.ok ? ok(res.data) : fail(new Error(res.message)))),
  );

/** A screen: the client's reducer fed by a real socket. */
async function screen(connect: () => Promise<ClientSocket>, scope: RegionRef) {
  const s = await connect();
  sockets.push(s);
  let state: ScreenState = { ...initialState(), scope };
  const deltas: Delta[] = [];
  s.on('delta', (d) => {
    deltas.push(d);
    state = reduce(state, 'delta', d);
  });
  state = reduce(state, 'snapshot', await subscribe(s, scope));
  return { socket: s, deltas, get: () => state, set: (st: ScreenState) => (state = st) };
}

const district: RegionRef = { level: 'district', id: TINY_DISTRICT_ID };
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function someWrites(prefix: string, n: number) {
  const grids = tinyGridIds();
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    await post(t.app, '/api/problems', {
      id,
      category: 'dispute',
      source: 'resident',
      gridId: grids[i % grids.length],
    });
    await post(t.app, `/api/problems/${id}/transitions`, { stage: 'called' });
    if (i % 2 === 0)
      await post(t.app, `/api/problems/${id}/transitions`, { stage: 'responding', tier: 'street' });
  }
}

describe('socket stream', () => {
  it('sends consecutive, batched deltas that leave the screen equal to a fresh snapshot', async () => {
    const { connect } = await listenAndConnect(t.app);
    const a = await screen(connect, district);
    const start = a.get().seq;
    await someWrites('s', 12);
    await until(() =>
      a.get().view!.recentEvents.some((e) => e.problemId === 's-11' && e.kind === 'called'),
    );
    // Sequence numbers follow on from the snapshot without a gap.
    expect(a.deltas.map((d) => d.seq)).toEqual(a.deltas.map((_, i) => start + i + 1));
    // 12 problems × 2–3 writes each went out in far fewer batches than writes.
    expect(a.deltas.length).toBeLessThan(30);
    const fresh = await subscribe(await connect().then((s) => (sockets.push(s), s)), district);
    expect(fresh.seq).toBe(a.get().seq);
    expect(a.get().view).toEqual(fresh.view);
    expect(fresh.view.windows.today.reported).toBeGreaterThanOrEqual(12);
  });

  it('recomputes nothing while no screen watches, and a screen that comes later sees it all', async () => {
    const { connect } = await listenAndConnect(t.app);
    const briefs = vi.spyOn(t.app.services.agg, 'briefs');
    await someWrites('nobody', 6);
    t.app.hub.flush();
    expect(briefs).not.toHaveBeenCalled();
    briefs.mockRestore();
    // The first screen's snapshot holds those writes, as a fresh read of the store's figures does.
    const a = await screen(connect, district);
    const http = (
      await t.app.inject({ url: '/api/snapshot?level=district&id=' + district.id })
    ).json<Snapshot>();
    expect(a.get().view!.regions).toEqual(http.view.regions);
    expect(a.get().view!.windows.today.reported).toBeGreaterThanOrEqual(6);
    // And it follows later writes like any screen.
    await someWrites('watched', 2);
    await until(() => a.get().view!.recentEvents.some((e) => e.problemId === 'watched-1'));
    const fresh = await subscribe(await connect().then((s) => (sockets.push(s), s)), district);
    expect(a.get().view).toEqual(fresh.view);
  });

  it('sends a lone event at once, long before the batch interval comes round', async () => {
    // A 10 s interval: only the leading edge can explain a delta within a second of the write.
    await t.close();
    t = await buildTestApp({ batchMs: 10_000 });
    const { connect } = await listenAndConnect(t.app);
    const a = await screen(connect, district);
    const t0 = performance.now();
    await someWrites('lone', 1);
    await until(() => a.deltas.some((d) => d.events?.some((e) => e.problemId === 'lone-0')), 1000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('coalesces a burst: a delta at most every batch interval, ending equal to a snapshot', async () => {
    const { connect } = await listenAndConnect(t.app);
    const a = await screen(connect, district);
    // When the server sent each delta (a client in this busy process reads them late, bunched).
    const sent: number[] = [];
    const adapter = t.app.io.of('/').adapter as unknown as {
      encoder: { encode(packet: { data?: unknown[] }): unknown[] };
    };
    const encode = adapter.encoder.encode.bind(adapter.encoder);
    vi.spyOn(adapter.encoder, 'encode').mockImplementation((packet) => {
      if (packet.data?.[0] === 'delta') sent.push(performance.now());
      return encode(packet);
    });
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 1000) {
      await post(t.app, '/api/problems', {
        id: `burst-${n}`,
        category: 'parking',
        source: 'patrol',
        gridId: tinyGridIds()[n % tinyGridIds().length],
      });
      n += 1;
      await new Promise((r) => setTimeout(r, 5));
    }
    const last = `burst-${n - 1}`;
    await until(() => a.get().view!.recentEvents.some((e) => e.problemId === last));
    expect(n).toBeGreaterThan(20);
    // ≤ 4 a second (the leading one, then one per 250 ms), whatever the number of writes. libuv
    // runs a timer by its loop clock, whole milliseconds read at the top of the loop, so a gap
    // can measure up to 1 ms short of the interval on performance.now(); both checks allow it.
    expect(sent.length).toBe(a.deltas.length);
    const span = sent.at(-1)! - sent[0]!;
    expect(sent.length).toBeLessThanOrEqual(Math.floor(span / (t.config.batchMs - 1)) + 1);
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(t.config.batchMs - 1);
    const fresh = await subscribe(await connect().then((s) => (sockets.push(s), s)), district);
    expect(a.get().seq).toBe(fresh.seq);
    expect(a.get().view).toEqual(fresh.view);
  });

  it('encodes a delta once per room, however many screens are in it', async () => {
    const { connect } = await listenAndConnect(t.app);
    const screens = await Promise.all([1, 2, 3].map(() => screen(connect, district)));
    // The in-memory adapter's packet encoder (socket.io-adapter 2.5: `broadcast` → `_encode`).
    const adapter = t.app.io.of('/').adapter as unknown as {
      encoder: { encode(packet: { data?: unknown[] }): unknown[] };
    };
    const encode = vi.spyOn(adapter.encoder, 'encode');
    await someWrites('once', 1);
    await until(() =>
      screens.every((x) =>
        x
          .get()
          .view!.recentEvents.some((e) => e.problemId === 'once-0' && e.stage === 'responding'),
      ),
    );
    const deltaEncodes = encode.mock.calls.filter(([packet]) => packet.data?.[0] === 'delta');
    // One encode per delta sent to the room, not one per socket.
    expect(screens[0]!.deltas.length).toBeGreaterThan(0);
    expect(deltaEncodes.length).toBe(screens[0]!.deltas.length);
    for (const x of screens) expect(x.deltas).toEqual(screens[0]!.deltas);
  });

  it('resyncs after a missed delta and ends identical to a fresh snapshot', async () => {
    const { connect } = await listenAndConnect(t.app);
    const a = await screen(connect, district);
    // Lose the next delta on the way, as a flaky link would.
    let dropped = false;
    a.socket.off('delta');
    a.socket.on('delta', (d) => {
      if (!dropped) return void (dropped = true);
      a.set(reduce(a.get(), 'delta', d));
    });
    await someWrites('g1', 2);
    await until(() => dropped);
    await someWrites('g2', 2);
    await until(() => a.get().needsResync);
    // What the live module does on the flag: ask for a snapshot.
    const snap = await new Promise<Snapshot>((ok) =>
      a.socket.emit('resync', (r) => r.ok && ok(r.data)),
    );
    a.set(reduce(reduce(a.get(), 'resyncRequested', null), 'snapshot', snap));
    a.socket.off('delta');
    a.socket.on('delta', (d) => a.set(reduce(a.get(), 'delta', d)));
    await someWrites('g3', 2);
    await until(() => a.get().view!.recentEvents.some((e) => e.problemId === 'g3-1'));
    const fresh = await subscribe(await connect().then((s) => (sockets.push(s), s)), district);
    expect(a.get().needsResync).toBe(false);
    expect(a.get().seq).toBe(fresh.seq);
    expect(a.get().view).toEqual(fresh.view);
  });

  it('keeps a street screen to its own street', async () => {
    const { connect } = await listenAndConnect(t.app);
    const street: RegionRef = { level: 'street', id: TINY_STREET_IDS[0] };
    const a = await screen(connect, street);
    await someWrites('st', 4); // grids alternate between the two streets' communities
    await until(() => a.get().view!.recentEvents.length > 0);
    await new Promise((r) => setTimeout(r, 400));
    const events = a.get().view!.recentEvents;
    expect(events.every((e) => e.streetId === street.id)).toBe(true);
    const snap = (
      await t.app.inject({ url: `/api/snapshot?level=street&id=${street.id}` })
    ).json<Snapshot>();
    expect(a.get().view!.windows).toEqual(snap.view.windows);
    // Its grid briefs (only its own: server/hub/region-briefs.ts) kept up through the deltas.
    expect(a.get().view!.regions).toEqual(snap.view.regions);
    const bad = await connect().then((s) => (sockets.push(s), s));
    await expect(subscribe(bad, { level: 'street', id: 'nowhere' })).rejects.toThrow(/no street/);
  });

  it('never sends reporter names, phones or descriptions to a screen', async () => {
    const { connect } = await listenAndConnect(t.app);
    const secrets = [
      '张秘密测试员',
      '13900001234',
      'leaky pipe behind flat 3-2-101, key under mat',
    ];
    const seen: string[] = [];
    const s = await connect();
    sockets.push(s);
    s.onAny((event, ...args) => seen.push(`${event} ${JSON.stringify(args)}`));
    seen.push(`snapshot ${JSON.stringify(await subscribe(s, district))}`);
    const id = 'pii-1';
    const created = await post(t.app, '/api/problems', {
      id,
      category: 'property',
      source: 'resident',
      gridId: tinyGridIds()[0],
      description: secrets[2],
      reporter: { name: secrets[0], phone: secrets[1] },
    });
    expect(created.statusCode).toBe(201);
    await post(t.app, `/api/problems/${id}/transitions`, { stage: 'called' });
    await until(() => seen.some((m) => m.startsWith('delta') && m.includes(id)));
    // A screen joining now gets the problem in its snapshot's ticker.
    const late = await connect();
    sockets.push(late);
    const snap = JSON.stringify(await subscribe(late, district));
    expect(snap).toContain(id);
    seen.push(`snapshot ${snap}`);
    const all = seen.join('\n');
    expect(all).toContain(id); // the problem did go out …
    for (const secret of secrets) expect(all).not.toContain(secret); // … without its private fields
    // Still stored for the workflow.
    expect(await t.app.services.store.getProblem(id)).toMatchObject({
      reporterName: secrets[0],
      reporterPhone: secrets[1],
      description: secrets[2],
    });
  });

  it('refuses a socket without the screen token when SCREEN_TOKEN is set', async () => {
    await t.close();
    t = await buildTestApp({ screenToken: 'wall-secret-2' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const attempt = (auth: Record<string, string>) =>
      new Promise<string>((ok) => {
        const s = ioClient(address, { transports: ['websocket'], reconnection: false, auth });
        sockets.push(s);
        s.once('connect', () => ok('connected'));
        s.once('connect_error', (e) => ok(e.message));
      });
    expect(await attempt({})).toBe('screen token required');
    expect(await attempt({ token: 'wall-secret-2' })).toBe('connected');
  });
});
