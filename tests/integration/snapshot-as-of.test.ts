// A briefing's frozen figures: /api/snapshot?at= counts the store as it stood at that moment, so
// every window of a briefing gets the same numbers whenever it asks, and a chosen date works.
// Counting a new moment is a recount of the store: only an admin (here) or a presenter starting a
// briefing (tests/integration/socket-hardening.test.ts) creates one; anyone else reads held ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { ApiError, Snapshot } from '../../shared/protocol';

// Tuesday 2026-11-24 10:00 in Shanghai; the clock moves only when the test says so.
const T0 = Date.parse('2026-11-24T10:00:00+08:00');
let clock = T0;
let t: TestApp;
beforeEach(async () => {
  clock = T0;
  t = await buildTestApp({ now: () => clock });
});
afterEach(async () => t.close());

const admin = { authorization: `Bearer ${ADMIN}` };
const get = (q: string, headers: Record<string, string> = admin) =>
  t.app.inject({ url: `/api/snapshot?${q}`, headers });
const view = async (q: string) => (await get(q)).json<Snapshot>().view;
const iso = (ms: number) => new Date(ms).toISOString();

async function report(id: string, at: number) {
  clock = at;
  const r = await post(t.app, '/api/problems', {
    id,
    category: 'safety',
    source: 'hotline',
    gridId: tinyGridIds()[0],
    reporter: { name: '李四', phone: '13900000000' },
  });
  expect(r.statusCode).toBe(201);
}
async function step(id: string, body: object, at: number) {
  clock = at;
  const r = await post(t.app, `/api/problems/${id}/transitions`, body);
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
}

describe('GET /api/snapshot?at=', () => {
  it('counts the store as it stood at the moment, whenever it is asked', async () => {
    const base = await view('');
    await report('a', T0 + 60_000);
    await step('a', { stage: 'called' }, T0 + 120_000);
    await step('a', { stage: 'responding', tier: 'community' }, T0 + 180_000);
    const frozen = T0 + 200_000; // a reported, called up, being handled; not closed
    await step('a', { stage: 'handled' }, T0 + 300_000);
    await step('a', { stage: 'closed' }, T0 + 360_000);
    await report('b', T0 + 420_000);
    clock = T0 + 3600_000;

    const then = await view(`at=${iso(frozen)}`);
    expect(then.windows.today.reported - base.windows.today.reported).toBe(1);
    expect(then.windows.today.solved - base.windows.today.solved).toBe(0);
    expect(then.current.open - base.current.open).toBe(1);
    expect(then.windows.today.tiers.community - base.windows.today.tiers.community).toBe(1);
    const mine = then.recentEvents.filter((e) => e.problemId === 'a');
    expect(mine.map((e) => e.stage)).toEqual(['responding', 'called', 'reported']);

    const now = await view('');
    expect(now.windows.today.reported - base.windows.today.reported).toBe(2);
    expect(now.windows.today.solved - base.windows.today.solved).toBe(1);
    expect(now.current.open - base.current.open).toBe(1); // b is open, a is closed

    // Asked again later, after more writes: the same figures (a wall that joined late).
    await report('c', T0 + 3700_000);
    clock = T0 + 3800_000;
    expect(await view(`at=${iso(frozen)}`)).toEqual(then);
    // Personal data never rides along.
    expect(JSON.stringify(then)).not.toContain('13900000000');
  });

  it('counts a problem at the tier it stood at then, not at a later escalation', async () => {
    const base = await view('');
    await report('e', T0 + 60_000);
    await step('e', { stage: 'called' }, T0 + 120_000);
    await step('e', { stage: 'responding', tier: 'community' }, T0 + 180_000);
    const before = T0 + 200_000;
    await step('e', { stage: 'responding', tier: 'street' }, T0 + 240_000);
    const between = T0 + 270_000;
    await step('e', { stage: 'responding', tier: 'district' }, T0 + 300_000);
    clock = T0 + 3600_000;

    const tiers = async (at?: number) => {
      const v = await view(at === undefined ? '' : `at=${iso(at)}`);
      const b = base.windows.today.tiers;
      const t = v.windows.today.tiers;
      return {
        community: t.community - b.community,
        street: t.street - b.street,
        district: t.district - b.district,
      };
    };
    expect(await tiers(before)).toEqual({ community: 1, street: 0, district: 0 });
    expect(await tiers(between)).toEqual({ community: 0, street: 1, district: 0 });
    expect(await tiers()).toEqual({ community: 0, street: 0, district: 1 });
  });

  it('at the present moment equals the live snapshot', async () => {
    await report('a', T0 + 60_000);
    await step('a', { stage: 'called' }, T0 + 120_000);
    clock = T0 + 180_000;
    const live = await view('level=district');
    const asOf = await view(`level=district&at=${iso(clock)}`);
    expect(asOf.windows).toEqual(live.windows);
    expect(asOf.current).toEqual(live.current);
    expect(asOf.trend).toEqual(live.trend);
    expect(asOf.regions).toEqual(live.regions);
    expect(asOf.recentEvents).toEqual(live.recentEvents);
  });

  it('takes a date as the end of that day in Shanghai', async () => {
    await report('late', T0 + 10 * 3600_000); // 20:00 the same day
    await report('next', T0 + 15 * 3600_000); // 01:00 the next day
    clock = T0 + 20 * 3600_000;
    const day = await view('at=2026-11-24');
    const late = await view(`at=${iso(T0 + 10 * 3600_000)}`);
    expect(day.windows.rolling30.reported).toBe(late.windows.rolling30.reported);
    // Today, not over yet: so far.
    const today = await get('at=2026-11-25');
    expect(today.json<Snapshot>().asOf).toBe('2026-11-25T06:00:00+08:00');
    expect(today.json<Snapshot>().view.windows.rolling30.reported).toBe(
      day.windows.rolling30.reported + 1,
    );
  });

  it('answers 400 with what to send for a bad or future moment', async () => {
    for (const at of ['yesterday', '2026-02-30', '2026-11-24T10:00:00']) {
      const r = await get(`at=${encodeURIComponent(at)}`);
      expect(r.statusCode, at).toBe(400);
      expect(r.json<ApiError>().message).toContain('2026-11-20T18:00:00+08:00');
    }
    // A date-time ahead of the clock, and a date still to come (not today's figures under it).
    for (const at of [iso(T0 + 86_400_000), '2099-01-01']) {
      const r = await get(`at=${encodeURIComponent(at)}`);
      expect(r.statusCode, at).toBe(400);
      expect(r.json<ApiError>(), at).toMatchObject({ error: 'future_moment' });
    }
    expect((await get(`level=street&id=nope&at=2026-11-24`)).statusCode).toBe(404);
  });

  it('gives anyone else only a moment the server holds, and says which it holds', async () => {
    const anon = {};
    const first = await get(`at=${iso(T0 - 60_000)}`, anon);
    expect(first.statusCode).toBe(404);
    expect(first.json<ApiError>()).toMatchObject({ error: 'unknown_moment' });
    expect(first.json<ApiError>().message).toContain('held now: none');
    // An admin asks for it: counted once, then anyone may read it.
    expect((await get(`at=${iso(T0 - 60_000)}`)).statusCode).toBe(200);
    const again = await get(`at=${iso(T0 - 60_000)}`, anon);
    expect(again.statusCode).toBe(200);
    const other = await get(`at=${iso(T0 - 120_000)}`, anon);
    expect(other.statusCode).toBe(404);
    expect(other.json<ApiError>().message).toContain('2026-11-24T09:59:00+08:00');
    // A token that is not the admin's creates nothing either.
    expect(
      (await get(`at=${iso(T0 - 120_000)}`, { authorization: 'Bearer nope' })).statusCode,
    ).toBe(404);
  });
});
