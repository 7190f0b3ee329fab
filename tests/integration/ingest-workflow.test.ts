// The grid workflow through the HTTP API: create → call → respond → (escalate) → handle → close →
// rate, and what the aggregates say afterwards; illegal steps get 409 with the current stage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, post, type TestApp } from './build-app';
import { HISTORY_HEADER, tinyGridIds, writeTinyDataset } from '../fixtures/tiny-dataset';
import type { ProblemPublic, Snapshot } from '../../shared/protocol';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => t.close());

const grid = () => tinyGridIds()[0]!;
async function emptyHistoryDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-no-history-'));
  await writeTinyDataset(dir, { historyCsv: `${HISTORY_HEADER}\n` });
  return dir;
}
const snapshot = async (level = 'district', id?: string) =>
  (
    await t.app.inject({ url: `/api/snapshot?level=${level}${id ? `&id=${id}` : ''}` })
  ).json<Snapshot>();

describe('problem workflow', () => {
  it('walks a problem through every stage and counts it once in each window', async () => {
    // Exact figures for today need a today the fixture's history does not touch: that history is
    // shifted to the present moment, so at midday it already holds responses, closures and ratings
    // of this morning (the suite runs at many instants; see scripts/run-tests.ts).
    await t.close();
    const dataDir = await emptyHistoryDir();
    const app = await buildTestApp({ dataDir });
    t = { ...app, close: async () => (await app.close(), rmSync(dataDir, { recursive: true })) };
    const before = (await snapshot()).view;
    const created = await post(t.app, '/api/problems', {
      id: 'p-1',
      category: 'safety',
      source: 'hotline',
      gridId: grid(),
      reporter: { name: '张三', phone: '13800000000' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<ProblemPublic>()).toMatchObject({
      id: 'p-1',
      stage: 'reported',
      gridId: grid(),
      tier: null,
    });
    expect(JSON.stringify(created.json())).not.toContain('13800000000');

    for (const [body, stage] of [
      [{ stage: 'called' }, 'called'],
      [{ stage: 'responding', tier: 'community' }, 'responding'],
      [{ stage: 'responding', tier: 'street' }, 'responding'],
      [{ stage: 'handled' }, 'handled'],
      [{ stage: 'closed' }, 'closed'],
    ] as const) {
      const r = await post(t.app, '/api/problems/p-1/transitions', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(200);
      expect(r.json<ProblemPublic>().stage).toBe(stage);
    }
    expect(
      (await post(t.app, '/api/problems/p-1/rating', { stars: 4 })).json<ProblemPublic>().rating,
    ).toBe('satisfied');

    const after = (await snapshot()).view;
    for (const w of ['today', 'month', 'year', 'rolling30'] as const) {
      expect(after.windows[w].reported - before.windows[w].reported, w).toBe(1);
      expect(after.windows[w].solved - before.windows[w].solved, w).toBe(1);
      expect(after.windows[w].ratings - before.windows[w].ratings, w).toBe(1);
    }
    // Escalated to the street: the tier mix counts the final tier, once.
    expect(after.windows.today.tiers).toEqual({ grid: 0, community: 0, street: 1, district: 0 });
    expect(after.windows.today.categories.safety).toBe(1);
    expect(after.windows.today.sources.hotline).toBe(1);
    expect(after.windows.today.closureRate).toBe(1);
    expect(after.windows.today.onTimeRate).toBe(1);
    expect(after.windows.today.satisfactionRate).toBe(1);
    // The screen's event list has the escalation with an arc target and no personal data.
    const events = (await snapshot()).view.recentEvents.filter((e) => e.problemId === 'p-1');
    expect(events.map((e) => e.kind)).toEqual([
      'rated',
      'closed',
      'handled',
      'escalated',
      'called',
      'called',
      'reported',
    ]);
    expect(events.find((e) => e.kind === 'escalated')?.target).toBeDefined();
    expect(JSON.stringify(events)).not.toMatch(/张三|13800000000/);
  });

  it('answers an illegal transition with 409 and the current stage', async () => {
    await post(t.app, '/api/problems', {
      id: 'p-2',
      category: 'parking',
      source: 'patrol',
      gridId: grid(),
    });
    const skip = await post(t.app, '/api/problems/p-2/transitions', { stage: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      error: 'illegal_transition',
      details: { currentStage: 'reported' },
    });
    expect(skip.json().message).toContain('"called"');

    await post(t.app, '/api/problems/p-2/transitions', { stage: 'called' });
    const noTier = await post(t.app, '/api/problems/p-2/transitions', { stage: 'responding' });
    expect(noTier.statusCode).toBe(409);
    expect(noTier.json().message).toContain('tier');
    await post(t.app, '/api/problems/p-2/transitions', { stage: 'responding', tier: 'street' });
    const down = await post(t.app, '/api/problems/p-2/transitions', {
      stage: 'responding',
      tier: 'grid',
    });
    expect(down.statusCode).toBe(409);
    expect(down.json().details).toEqual({ currentStage: 'responding', currentTier: 'street' });

    const rateOpen = await post(t.app, '/api/problems/p-2/rating', { rating: 'satisfied' });
    expect(rateOpen.statusCode).toBe(409);
    expect(
      (await post(t.app, '/api/problems/nope/transitions', { stage: 'called' })).statusCode,
    ).toBe(404);
  });

  it('places a problem by position when no grid is given, and refuses one outside the district', async () => {
    const ok = await post(t.app, '/api/problems', {
      id: 'p-3',
      category: 'other',
      source: 'resident',
      position: [104.005, 30.705],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json<ProblemPublic>().gridId).toBe(tinyGridIds()[0]);
    const out = await post(t.app, '/api/problems', {
      id: 'p-4',
      category: 'other',
      source: 'resident',
      position: [116.4, 39.9],
    });
    expect(out.statusCode).toBe(400);
    expect(out.json()).toMatchObject({ error: 'outside_district' });
  });
});
