// The HTTP findings of issue 13, each reproduced against the server before this hardening:
// SCREEN_TOKEN bypassed by an encoded path or HEAD, idempotency keys colliding across problems,
// a reused key with another body answered silently, an empty token file accepted, absolute paths
// shown to anonymous callers, times from year 1, positions far from their grid, unbounded ids.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ADMIN, auth, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { ApiError } from '../../shared/protocol';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { SCHEMA_VERSION } from '../../server/store/sqlite-schema';
import { ON_PG, SQLITE_ONLY } from './test-store';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const problem = (id: string, over: object = {}) => ({
  id,
  category: 'dispute',
  source: 'hotline',
  gridId: tinyGridIds()[0],
  ...over,
});

describe('SCREEN_TOKEN on matched routes', () => {
  it('guards an encoded path and every method of a read route', async () => {
    t = await buildTestApp({ screenToken: 'wall-secret-1' });
    for (const [method, url] of [
      ['GET', '/%61pi/snapshot'],
      ['GET', '/api/%73napshot'],
      ['HEAD', '/api/snapshot?level=district'],
      ['HEAD', '/api/geo'],
      ['GET', '/api/heat'],
      ['GET', '/api/scenes/tour'],
    ] as const) {
      const r = await t.app.inject({ method, url });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
    }
    expect(
      (await t.app.inject({ method: 'HEAD', url: '/api/snapshot?token=wall-secret-1' })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('idempotency keys, Stripe style', () => {
  it('keeps keys of different problems apart even when ids and keys hold ":"', async () => {
    t = await buildTestApp();
    expect((await post(t.app, '/api/problems', problem('a'))).statusCode).toBe(201);
    expect((await post(t.app, '/api/problems', problem('a:b'))).statusCode).toBe(201);
    const step = (id: string, key: string) =>
      post(
        t!.app,
        `/api/problems/${encodeURIComponent(id)}/transitions`,
        { stage: 'called' },
        { ...auth, 'idempotency-key': key },
      );
    expect((await step('a:b', 'k')).json()).toMatchObject({ id: 'a:b', stage: 'called' });
    // Once "transition:a:b:k" too: it must step problem "a", not replay the answer for "a:b".
    const r = await step('a', 'b:k');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: 'a', stage: 'called' });
  });

  it('answers 422 idempotency_key_reused for the same key with another body', async () => {
    t = await buildTestApp();
    await post(t.app, '/api/problems', problem('p1'));
    const h = { ...auth, 'idempotency-key': 'retry-1' };
    const url = '/api/problems/p1/transitions';
    expect((await post(t.app, url, { stage: 'called' }, h)).statusCode).toBe(200);
    // The same body (fields in any order) is a retry: the first answer again.
    expect((await post(t.app, url, { stage: 'called' }, h)).json()).toMatchObject({
      stage: 'called',
    });
    const other = await post(t.app, url, { stage: 'responding', tier: 'street' }, h);
    expect(other.statusCode).toBe(422);
    expect(other.json<ApiError>().error).toBe('idempotency_key_reused');
    // In a batch too, record by record.
    const batch = await post(t.app, '/api/batch', {
      records: [
        {
          type: 'transition',
          problemId: 'p1',
          idempotencyKey: 'retry-1',
          data: { stage: 'closed' },
        },
      ],
    });
    expect(batch.json()).toMatchObject({
      rejected: 1,
      results: [{ ok: false, error: 'idempotency_key_reused' }],
    });
  });

  it.skipIf(ON_PG)(
    `opens a database of schema version 1 and keeps its unambiguous keys (${SQLITE_ONLY})`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'idem-v1-'));
      const file = join(dir, 'screen.sqlite');
      try {
        const db = new Database(file);
        db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE problems (id TEXT PRIMARY KEY, category TEXT NOT NULL, source TEXT NOT NULL,
          grid_id TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, stage TEXT NOT NULL, tier TEXT,
          reported_at INTEGER NOT NULL, called_at INTEGER, responded_at INTEGER, handled_at INTEGER,
          closed_at INTEGER, due_at INTEGER NOT NULL, rating TEXT, rated_at INTEGER,
          description TEXT, reporter_name TEXT, reporter_phone TEXT);
        INSERT INTO problems (id, category, source, grid_id, lon, lat, stage, reported_at, due_at)
          VALUES ('x', 'other', 'patrol', 'g', 104, 30, 'called', 1, 2),
                 ('a', 'other', 'patrol', 'g', 104, 30, 'called', 1, 2),
                 ('a:b', 'other', 'patrol', 'g', 104, 30, 'called', 1, 2);
        CREATE TABLE idempotency (key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL,
          created_at INTEGER NOT NULL);
        INSERT INTO idempotency VALUES ('transition:x:k:1', 200, '{"id":"x"}', 5),
                                       ('transition:a:b:k', 200, '{"id":"?"}', 5);`);
        db.close();
        const store = openSqliteStore(file);
        const seen = await store.getIdempotent({ route: 'transition', problemId: 'x', key: 'k:1' });
        expect(seen).toEqual({ status: 200, body: { id: 'x' }, bodyHash: null });
        // Ambiguous ("a" + "b:k" or "a:b" + "k"): dropped rather than guessed.
        expect(await store.getIdempotent({ route: 'transition', problemId: 'a', key: 'b:k' })).toBe(
          undefined,
        );
        expect(await store.getIdempotent({ route: 'transition', problemId: 'a:b', key: 'k' })).toBe(
          undefined,
        );
        expect(await store.getMeta('schema_version')).toBe(String(SCHEMA_VERSION));
        await store.close();
        await expect(openSqliteStore(file).close()).resolves.toBeUndefined(); // and again, as the current version
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('tokens and what anonymous callers see', () => {
  it('refuses to start on an empty or short token file, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-file-'));
    try {
      writeFileSync(join(dir, 'ingest-token.txt'), '\n');
      await expect(
        buildTestApp({ dbFile: join(dir, 'screen.sqlite'), ingestToken: undefined }),
      ).rejects.toThrow(/ingest-token\.txt is 0 characters long; a token needs at least 16/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names no server path in a scene-file error', async () => {
    const scenes = mkdtempSync(join(tmpdir(), 'scenes-'));
    mkdirSync(scenes, { recursive: true });
    writeFileSync(join(scenes, 'briefing.json'), '{ not json');
    try {
      t = await buildTestApp({ scenesDir: scenes });
      for (const name of ['tour', 'briefing']) {
        const r = await t.app.inject({ url: `/api/scenes/${name}` });
        expect(r.statusCode).toBeGreaterThanOrEqual(400);
        expect(r.body).not.toContain(scenes);
        expect(r.body).not.toContain(tmpdir());
        expect(r.json<ApiError>().message).toContain(`${name}.json`);
      }
    } finally {
      rmSync(scenes, { recursive: true, force: true });
    }
  });

  it('reports the event-loop delay on /api/health', async () => {
    t = await buildTestApp();
    const h = (await t.app.inject({ url: '/api/health' })).json();
    expect(h.eventLoop.p99Ms).toBeGreaterThanOrEqual(0);
    expect(h.eventLoop.maxMs).toBeGreaterThanOrEqual(h.eventLoop.p99Ms);
  });
});

describe('bounds on times, positions and ids', () => {
  it('refuses a report from year 1', async () => {
    t = await buildTestApp();
    const r = await post(
      t.app,
      '/api/problems',
      problem('old', { reportedAt: '0001-01-01T00:00:00Z' }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.json<ApiError>().error).toBe('too_early');
  });

  it('refuses a position far from the grid it names, accepts one inside it', async () => {
    t = await buildTestApp();
    const geo = (await t.app.inject({ url: '/api/geo' })).json();
    const grids = geo.regions.features.filter(
      (f: { properties: { level: string } }) => f.properties.level === 'grid',
    );
    const [a, b] = grids.map((g: { properties: { id: string; center: [number, number] } }) => g);
    const far = await post(
      t.app,
      '/api/problems',
      problem('far', { gridId: a.properties.id, position: b.properties.center }),
    );
    expect(far.statusCode).toBe(422);
    expect(far.json<ApiError>().error).toBe('position_outside_grid');
    const inside = await post(
      t.app,
      '/api/problems',
      problem('in', { gridId: a.properties.id, position: a.properties.center }),
    );
    expect(inside.statusCode).toBe(201);
  });

  it('bounds the length of regionId and stationId', async () => {
    t = await buildTestApp();
    const long = 'x'.repeat(10_000);
    for (const [url, body] of [
      ['/api/volunteer-checkins', { id: 'v1', regionId: long, hours: 1 }],
      ['/api/party-reports', { id: 'p1', regionId: long }],
      ['/api/station-visits', { id: 's1', stationId: long }],
    ] as const) {
      const r = await post(t.app, url, body);
      expect(r.statusCode, url).toBe(400);
      expect(r.json<ApiError>().error, url).toBe('invalid_request');
      expect(r.body.length, url).toBeLessThan(2000);
    }
  });

  it('lets an admin see exact positions, everyone else a coarse cell', async () => {
    t = await buildTestApp();
    const geo = (await t.app.inject({ url: '/api/geo' })).json();
    const g = geo.regions.features.find(
      (f: { properties: { level: string } }) => f.properties.level === 'grid',
    ).properties as { id: string; center: [number, number] };
    // A doorstep a few metres from the grid's label point, off any 0.001° cell centre.
    const exact: [number, number] = [
      Math.floor(g.center[0] * 1000) / 1000 + 0.00012,
      Math.floor(g.center[1] * 1000) / 1000 + 0.00013,
    ];
    const r = await post(
      t.app,
      '/api/problems',
      problem('door', { gridId: g.id, position: exact }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const anon = (await t.app.inject({ url: '/api/problems/door' })).json();
    expect(anon.position).not.toEqual(exact);
    expect(Math.abs(anon.position[0] - exact[0])).toBeLessThan(0.001);
    expect(Math.abs(anon.position[1] - exact[1])).toBeLessThan(0.001);
    const admin = (
      await t.app.inject({
        url: '/api/problems/door',
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).json();
    expect(admin.position).toEqual(exact);
  });
});
