// PostgreSQL going away under a running app (issue #15): writes answer 503 with Retry-After
// (never 500), reads and screens serve on from memory, and once the database is back writes
// land again without a restart. The app reaches the machine's real PostgreSQL through a TCP
// proxy the test cuts, so the server other tests use keeps running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, listenAndConnect, post, type TestApp } from './build-app';
import { createTestDatabase, sqlOn } from './pg-db';
import { tcpProxy, type TcpProxy } from './tcp-proxy';
import { TINY_DISTRICT_ID, tinyGridIds } from '../fixtures/tiny-dataset';
import type { Snapshot } from '../../shared/protocol';

let db: { url: string; drop: () => Promise<void> };
let proxy: TcpProxy;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  proxy = await tcpProxy(5432);
  const url = new URL(db.url);
  url.port = String(proxy.port);
  // Every refused write logs a warning: expected here, so only errors are shown.
  t = await buildTestApp({ databaseUrl: url.href, dbPoolSize: 3, env: { LOG_LEVEL: 'error' } });
});
afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await db?.drop();
});

const problem = (id: string) => ({
  id,
  category: 'environment',
  source: 'patrol',
  gridId: tinyGridIds()[0],
});
const reported = async () => {
  const res = await t.app.inject({ url: '/api/snapshot' });
  expect(res.statusCode).toBe(200);
  return res.json<Snapshot>().view.windows.today.reported;
};
const storedIds = async () =>
  new Set(
    ((await sqlOn(db.url, 'SELECT id FROM problems')) as Array<{ id: string }>).map((r) => r.id),
  );

describe('PostgreSQL down and back', () => {
  it('answers writes 503 + Retry-After while it is down, serves reads, then writes again', async () => {
    for (const i of [1, 2, 3])
      expect((await post(t.app, '/api/problems', problem(`up-${i}`))).statusCode).toBe(201);
    const before = await reported();
    expect(before).toBeGreaterThanOrEqual(3);

    await proxy.cut();
    const refused = await post(t.app, '/api/problems', problem('down-1'));
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ error: 'database_unavailable' });
    expect(refused.json<{ message: string }>().message).toMatch(/send the same request again/);
    const moved = await post(t.app, '/api/problems/up-1/transitions', { stage: 'called' });
    expect(moved.statusCode).toBe(503);
    // The screens' reads come from memory: still there, still the same figures.
    expect(await reported()).toBe(before);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    // A screen that connects now gets its snapshot.
    const sock = await (await listenAndConnect(t.app)).connect();
    const snap = await new Promise<{ ok: boolean; data?: Snapshot }>((ok) =>
      sock.emit('subscribe', { level: 'district', id: TINY_DISTRICT_ID }, ok),
    );
    sock.close();
    expect(snap.ok).toBe(true);
    expect(snap.data!.view.windows.today.reported).toBe(before);

    await proxy.restore();
    // The same request again, as the 503 said: now it lands, no restart needed.
    expect((await post(t.app, '/api/problems', problem('down-1'))).statusCode).toBe(201);
    expect(
      (await post(t.app, '/api/problems/up-1/transitions', { stage: 'called' })).statusCode,
    ).toBe(200);
    expect(await reported()).toBe(before + 1);
    const ids = await storedIds();
    for (const id of ['up-1', 'up-2', 'up-3', 'down-1']) expect(ids.has(id), id).toBe(true);
  });

  it('loses no acknowledged write when the connection is cut under a burst of writes', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const sent = ids.map(async (id, i) => {
      // Spread over a few ms so some writes are in flight when the cut comes.
      await new Promise((r) => setTimeout(r, i));
      return { id, res: await post(t.app, '/api/problems', problem(id)) };
    });
    await new Promise((r) => setTimeout(r, 25));
    await proxy.cut();
    const answers = await Promise.all(sent);
    await proxy.restore();

    const statuses = new Set(answers.map((a) => a.res.statusCode));
    const odd = answers.filter((a) => a.res.statusCode !== 201 && a.res.statusCode !== 503);
    expect(odd.map((a) => `${a.id}: ${a.res.statusCode} ${a.res.body}`)).toEqual([]);
    expect(statuses.has(503)).toBe(true);
    const acknowledged = answers.filter((a) => a.res.statusCode === 201).map((a) => a.id);
    const stored = await storedIds();
    for (const id of acknowledged) expect(stored.has(id), id).toBe(true);

    // Every refused one sent again lands (or is found there: a COMMIT cut off after it landed).
    for (const a of answers.filter((x) => x.res.statusCode === 503)) {
      const again = await post(t.app, '/api/problems', problem(a.id));
      expect([200, 201], a.id).toContain(again.statusCode);
    }
    const all = await storedIds();
    for (const id of ids) expect(all.has(id), id).toBe(true);
    const check = await post(
      t.app,
      '/api/admin/recount',
      {},
      {
        authorization: `Bearer admin-token-for-tests-00001`,
      },
    );
    expect(check.json()).toMatchObject({ identical: true, differing: [] });
  });
});
