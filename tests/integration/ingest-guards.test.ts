// What protects the data: idempotent retries, tokens and scopes, schema errors that say what to
// fix, batches where a bad record never takes good ones with it, and the write rate limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { BatchResult, Snapshot } from '../../server/protocol';

let t: TestApp;
afterEach(async () => t?.close());

const grid = () => tinyGridIds()[1]!;
const district = async () =>
  ((await t.app.inject({ url: '/api/snapshot' })).json() as Snapshot).view;
const problem = (id: string) => ({ id, category: 'environment', source: 'patrol', gridId: grid() });

describe('idempotency', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('stores a retried create, check-in and transition once', async () => {
    const before = await district();
    expect((await post(t.app, '/api/problems', problem('dup-1'))).statusCode).toBe(201);
    const again = await post(t.app, '/api/problems', problem('dup-1'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: 'dup-1', duplicate: true });

    const checkin = { id: 'v-1', regionId: grid(), hours: 2.5 };
    expect((await post(t.app, '/api/volunteer-checkins', checkin)).statusCode).toBe(201);
    expect((await post(t.app, '/api/volunteer-checkins', checkin)).statusCode).toBe(200);

    const key = { ...{ authorization: `Bearer ${INGEST}` }, 'idempotency-key': 'k-1' };
    const first = await post(t.app, '/api/problems/dup-1/transitions', { stage: 'called' }, key);
    const retry = await post(t.app, '/api/problems/dup-1/transitions', { stage: 'called' }, key);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());

    const after = await district();
    expect(after.windows.today.reported - before.windows.today.reported).toBe(1);
    expect(after.windows.today.volunteerCheckins - before.windows.today.volunteerCheckins).toBe(1);
    expect(after.windows.today.volunteerHours - before.windows.today.volunteerHours).toBe(2.5);
    const called = after.recentEvents.filter((e) => e.problemId === 'dup-1' && e.kind === 'called');
    expect(called).toHaveLength(1);
  });
});

describe('auth', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('needs a known bearer token of the right scope for writes', async () => {
    const none = await post(t.app, '/api/problems', problem('a-1'), {});
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toContain('Authorization: Bearer');
    const wrong = await post(t.app, '/api/problems', problem('a-1'), {
      authorization: 'Bearer not-a-token',
    });
    expect(wrong.statusCode).toBe(401);
    const recountWithIngest = await post(t.app, '/api/admin/recount', {});
    expect(recountWithIngest.statusCode).toBe(403);
    expect(recountWithIngest.json()).toMatchObject({ error: 'forbidden' });
    const recount = await post(
      t.app,
      '/api/admin/recount',
      {},
      { authorization: `Bearer ${ADMIN}` },
    );
    expect(recount.statusCode).toBe(200);
    expect(recount.json()).toMatchObject({ identical: true });
    // Nothing was stored by the refused requests.
    expect((await t.app.inject({ url: '/api/problems/a-1' })).statusCode).toBe(404);
  });

  it('closes the read API and the page data behind SCREEN_TOKEN when it is set', async () => {
    await t.close();
    t = await buildTestApp({ screenToken: 'wall-secret-1' });
    expect((await t.app.inject({ url: '/api/geo' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/geo?token=wall-secret-1' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('schema errors', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('names the field and what it must be', async () => {
    const r = await post(t.app, '/api/problems', {
      id: 'e-1',
      category: 'noise',
      source: 'patrol',
      gridId: grid(),
      colour: 'red',
    });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.error).toBe('invalid_request');
    expect(body.message).toContain('body.category must be one of: environment, property, dispute');
    expect(body.message).toContain('unknown field "colour"');
    const missing = await post(t.app, '/api/problems', { category: 'safety' });
    expect(missing.json().message).toMatch(/required field "(id|source)"/);
    const time = await post(t.app, '/api/problems', { ...problem('e-2'), reportedAt: 'yesterday' });
    expect(time.json().message).toContain('body.reportedAt must be a date-time');
    const unknownGrid = await post(t.app, '/api/problems', { ...problem('e-3'), gridId: 'G-404' });
    expect(unknownGrid.statusCode).toBe(400);
    expect(unknownGrid.json().message).toContain('GET /api/geo');
    const future = await post(t.app, '/api/problems', {
      ...problem('e-4'),
      reportedAt: '2099-01-01T00:00:00+08:00',
    });
    expect(future.json()).toMatchObject({ error: 'future_time' });
    const notFound = await t.app.inject({ url: '/api/nothing' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().message).toContain('/docs');
  });
});

describe('batch', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('stores the good records and reports each bad one by index', async () => {
    const before = await district();
    const records = [
      { type: 'problem', data: problem('b-1') },
      { type: 'problem', data: { ...problem('b-2'), category: 'noise' } },
      { type: 'transition', problemId: 'b-1', data: { stage: 'called' } },
      { type: 'transition', problemId: 'b-1', data: { stage: 'closed' } },
      { type: 'volunteer', data: { id: 'bv-1', regionId: grid(), hours: 3 } },
      { type: 'station_visit', data: { id: 'bs-1', stationId: 'no-such-station' } },
      { type: 'problem', data: problem('b-1') },
    ];
    const r = await post(t.app, '/api/batch', { records });
    expect(r.statusCode).toBe(200);
    const res = r.json<BatchResult>();
    expect(res.accepted).toBe(4);
    expect(res.rejected).toBe(3);
    expect(res.results.map((x) => x.ok)).toEqual([true, false, true, false, true, false, true]);
    expect(res.results[1]).toMatchObject({ error: 'invalid_record' });
    expect((res.results[1] as { message: string }).message).toContain(
      'data.category must be one of',
    );
    expect(res.results[3]).toMatchObject({ error: 'illegal_transition' });
    expect(res.results[5]).toMatchObject({ error: 'unknown_station' });
    expect(res.results[6]).toMatchObject({ ok: true, duplicate: true });
    const after = await district();
    expect(after.windows.today.reported - before.windows.today.reported).toBe(1);
    expect(after.windows.today.volunteerCheckins - before.windows.today.volunteerCheckins).toBe(1);
    expect((await t.app.inject({ url: '/api/problems/b-1' })).json().stage).toBe('called');
  });
});

describe('rate limit', () => {
  it('answers 429 with a message past the configured writes per minute', async () => {
    t = await buildTestApp({ rateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await post(t.app, '/api/problems', problem(`r-${i}`))).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    const r = await post(t.app, '/api/problems', problem('r-9'));
    expect(r.json().message).toContain('POST /api/batch');
  });
});
