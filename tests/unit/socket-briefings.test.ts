// The server's briefing rooms: only a presenter steps them, the server stamps the start, and the
// moment is checked (offset, not in the future, not before the history) and counted once.
import { describe, expect, it } from 'vitest';
import { createBriefings } from '../../server/socket/briefings';
import { payloadProblem } from '../../server/socket/guarded-handler';
import { BriefingGotoSchema } from '../../server/schemas/socket';
import type { BriefingState } from '../../shared/protocol';

const NOW = Date.parse('2026-11-24T10:00:00+08:00');
const HISTORY = Date.parse('2026-08-25T00:00:00+08:00');

function setup() {
  let clock = NOW;
  const held: number[] = [];
  const shared: BriefingState[] = [];
  const b = createBriefings({
    now: () => clock,
    isPresenter: (t) => Promise.resolve(t === 'presenter-secret-000'),
    historyStart: () => Promise.resolve(HISTORY),
    holdMoment: (at) => held.push(at),
    share: (st) => shared.push(st),
  });
  return { b, held, shared, tick: (ms: number) => (clock += ms) };
}
const step = {
  briefingId: 'visit-2026.11',
  sceneIndex: 2,
  frozenAt: '2026-11-20T23:59:59.999+08:00',
  presenterToken: 'presenter-secret-000',
};

describe('briefings', () => {
  it('tells the other nodes of a step, and takes theirs as its own (REDIS_URL)', async () => {
    const a = setup();
    const refused = await a.b.goto({ ...step, presenterToken: 'guess-guess-guess' });
    expect(refused).toMatchObject({ error: 'presenter_required' });
    expect(a.shared).toEqual([]);
    const state = (await a.b.goto(step)) as BriefingState;
    expect(a.shared).toEqual([state]);
    // Another node: holds the briefing and counts its moment once, as if its presenter had stepped.
    const other = setup();
    other.b.adopt(state);
    other.b.adopt({ ...state, sceneIndex: 3 });
    expect(other.b.get(step.briefingId)).toEqual({ ...state, sceneIndex: 3 });
    expect(other.held).toEqual([Date.parse(step.frozenAt)]);
    expect(other.b.moments()).toEqual([Date.parse(step.frozenAt)]);
    expect(other.shared).toEqual([]);
    // A briefing over (stale) by the time it arrives is not taken.
    const late = setup();
    late.tick(7 * 3600_000);
    late.b.adopt(state);
    expect(late.b.get(step.briefingId)).toBeNull();
    expect(late.held).toEqual([]);
  });

  it('refuses a step without the presenter token, and keeps nothing', async () => {
    const { b, held } = setup();
    expect(await b.goto({ ...step, presenterToken: 'guess-guess-guess' })).toMatchObject({
      error: 'presenter_required',
    });
    expect(b.get(step.briefingId)).toBeNull();
    expect(held).toEqual([]);
  });

  it('stamps the start itself and counts the moment once per freeze', async () => {
    const { b, held, tick } = setup();
    const first = await b.goto(step);
    expect(first).toMatchObject({ sceneIndex: 2, startedAt: new Date(NOW).toISOString() });
    tick(60_000);
    const next = await b.goto({ ...step, sceneIndex: 3 });
    expect(next).toMatchObject({ sceneIndex: 3, startedAt: new Date(NOW).toISOString() });
    expect(held).toEqual([Date.parse(step.frozenAt)]);
    // A re-freeze is a new start, counted again.
    const refrozen = await b.goto({ ...step, frozenAt: '2026-11-22T12:00:00+08:00' });
    expect(refrozen).toMatchObject({ startedAt: new Date(NOW + 60_000).toISOString() });
    expect(held).toHaveLength(2);
    expect(b.moments()).toEqual([Date.parse('2026-11-22T12:00:00+08:00')]);
  });

  it('refuses a future moment and one before the history', async () => {
    const { b } = setup();
    expect(
      await b.goto({ ...step, frozenAt: new Date(NOW + 3600_000).toISOString() }),
    ).toMatchObject({
      error: 'future_moment',
    });
    expect(await b.goto({ ...step, frozenAt: '2020-01-01T00:00:00+08:00' })).toMatchObject({
      error: 'before_history',
    });
  });

  it('takes a moment a little ahead (a laptop clock) as now', async () => {
    const { b } = setup();
    const s = await b.goto({ ...step, frozenAt: new Date(NOW + 60_000).toISOString() });
    expect(s).toMatchObject({ frozenAt: new Date(NOW).toISOString() });
  });

  it('ends a briefing 6 hours after its start', async () => {
    const { b, tick } = setup();
    await b.goto(step);
    tick(6 * 3600_000 + 1);
    expect(b.get(step.briefingId)).toBeNull();
  });
});

describe('the briefing step schema', () => {
  it('wants an ISO date-time with its offset, not whatever Date.parse takes', async () => {
    for (const frozenAt of ['Jan 1 2020', '2026-11-20T00:00:00', '2026-11-20', 'x'.repeat(41)])
      expect(payloadProblem(BriefingGotoSchema, { ...step, frozenAt }, 'briefing')).toMatch(
        /frozenAt/,
      );
    expect(payloadProblem(BriefingGotoSchema, step, 'briefing')).toBeNull();
  });
  it('says what is wrong with ids, scenes and extra fields', async () => {
    const bad = (v: object) => payloadProblem(BriefingGotoSchema, { ...step, ...v }, 'briefing');
    expect(bad({ briefingId: '<script>' })).toMatch(/briefingId/);
    expect(bad({ briefingId: 'x'.repeat(65) })).toMatch(/briefingId/);
    expect(bad({ sceneIndex: -1 })).toMatch(/sceneIndex/);
    expect(bad({ sceneIndex: 1.5 })).toMatch(/sceneIndex/);
    expect(bad({ startedAt: '2020-01-01T00:00:00Z' })).toMatch(/startedAt/);
    expect(payloadProblem(BriefingGotoSchema, null, 'briefing')).toBeTruthy();
  });
});
