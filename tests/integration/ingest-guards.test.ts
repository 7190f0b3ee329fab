// What protects the data: idempotent retries, tokens and scopes, schema errors that say what to
// fix, batches where a bad record never takes good ones with it, and the write rate limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { BatchResult, Snapshot } from '../../shared/protocol';

let t: TestApp;
afterEach(async () => t?.close());

const grid = () => tinyGridIds()[1]!;
const district = async () => (await t.app.inject({ url: '/api/snapshot' })).json<Snapshot>().view;
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

describe('error shape with the built screen served', () => {
  // The real start serves the client with @fastify/static; the other suites run without it. Every
  // error must keep our shape on this path too (it once fell back to Fastify's own there).
  beforeEach(async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>screen</title>');
    t = await buildTestApp({ clientDir });
  });

  it('answers schema, auth, lookup and 404 errors as { error, message, details }', async () => {
    const bad = await post(t.app, '/api/problems', { ...problem('s-1'), category: 'noise' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_request' });
    expect(bad.json().message).toContain('body.category must be one of');
    expect(bad.json().details).toBeInstanceOf(Array);

    const noToken = await t.app.inject({ method: 'POST', url: '/api/problems', payload: {} });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json().error).toBe('unauthorized');
    expect(noToken.json().message).toContain('data/local/ingest-token.txt or INGEST_TOKEN');

    const unknownGrid = await post(t.app, '/api/problems', { ...problem('s-2'), gridId: 'G-404' });
    expect(unknownGrid.statusCode).toBe(400);
    expect(unknownGrid.json().message).toContain('GET /api/geo');
    expect(unknownGrid.json().statusCode).toBeUndefined();

    const notFound = await t.app.inject({ url: '/api/nothing' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().error).toBe('not_found');
    const page = await t.app.inject({ url: '/?mode=briefing' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>screen</title>');
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

describe('transition times', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('refuses a time before the previous stage and names the earliest acceptable time', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();
    const reportedAt = now - 3 * 3600_000;
    const calledAt = now - 2 * 3600_000;
    const move = (body: object) => post(t.app, '/api/problems/tt-1/transitions', body);
    await post(t.app, '/api/problems', { ...problem('tt-1'), reportedAt: iso(reportedAt) });
    expect((await move({ stage: 'called', at: iso(calledAt) })).statusCode).toBe(200);

    // After the report but before the call: still too early.
    const early = await move({ stage: 'responding', tier: 'grid', at: iso(calledAt - 1800_000) });
    expect(early.statusCode).toBe(400);
    const calledLocal = new Date(calledAt + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
    expect(early.json()).toMatchObject({
      error: 'time_before_previous_stage',
      details: { earliest: calledLocal, previousStage: 'called' },
    });
    expect(early.json().message).toContain(`the earliest acceptable time is ${calledLocal}`);
    expect((await t.app.inject({ url: '/api/problems/tt-1' })).json().stage).toBe('called');

    // Long before: still the call that bounds it, not the report.
    const wayEarly = await move({ stage: 'responding', tier: 'grid', at: iso(reportedAt - 1) });
    expect(wayEarly.json().details).toEqual({ earliest: calledLocal, previousStage: 'called' });
    // A problem only reported: the report time is the earliest.
    await post(t.app, '/api/problems', { ...problem('tt-2'), reportedAt: iso(reportedAt) });
    const first = await post(t.app, '/api/problems/tt-2/transitions', {
      stage: 'called',
      at: iso(reportedAt - 60_000),
    });
    expect(first.json()).toMatchObject({
      error: 'time_before_report',
      details: { previousStage: 'reported' },
    });
    expect((await move({ stage: 'responding', tier: 'grid', at: iso(calledAt) })).statusCode).toBe(
      200,
    );
  });
});

describe('batch idempotency keys', () => {
  beforeEach(async () => (t = await buildTestApp()));

  it('stores each keyed transition and rating of a retried batch once', async () => {
    const records = [
      { type: 'problem', data: problem('bk-1') },
      { type: 'transition', problemId: 'bk-1', idempotencyKey: 'c', data: { stage: 'called' } },
      {
        type: 'transition',
        problemId: 'bk-1',
        idempotencyKey: 'r',
        data: { stage: 'responding', tier: 'street' },
      },
      { type: 'transition', problemId: 'bk-1', idempotencyKey: 'h', data: { stage: 'handled' } },
      { type: 'transition', problemId: 'bk-1', idempotencyKey: 'x', data: { stage: 'closed' } },
      { type: 'rating', problemId: 'bk-1', idempotencyKey: 'rt', data: { stars: 5 } },
    ];
    const first = (await post(t.app, '/api/batch', { records })).json<BatchResult>();
    expect(first).toMatchObject({ accepted: 6, rejected: 0 });
    // The client lost the answer and sends the same batch again.
    const retry = (await post(t.app, '/api/batch', { records })).json<BatchResult>();
    expect(retry.accepted).toBe(6);
    expect(retry.results.map((r) => r.ok && r.duplicate)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    const events = (await district()).recentEvents.filter((e) => e.problemId === 'bk-1');
    expect(events.map((e) => e.kind).sort()).toEqual(
      ['called', 'closed', 'escalated', 'handled', 'rated', 'reported'].sort(),
    );
    // The header and the batch field share one key space.
    const header = { authorization: `Bearer ${INGEST}`, 'idempotency-key': 'c' };
    const again = await post(t.app, '/api/problems/bk-1/transitions', { stage: 'called' }, header);
    expect(again.statusCode).toBe(200);
    expect(again.json().stage).toBe('called'); // the first answer, replayed

    const misplaced = await post(t.app, '/api/batch', {
      records: [{ type: 'problem', idempotencyKey: 'p', data: problem('bk-2') }],
    });
    expect(misplaced.json<BatchResult>().results[0]).toMatchObject({
      ok: false,
      error: 'invalid_record',
    });
  });
});
