// Incremental aggregates against a full recount from the store, after hours of simulated
// activity on a pinned clock: every region, every window, the trend and the open/overdue counts.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, post, type TestApp } from './build-app';
import { recountFromStore } from '../../server/aggregate/recount';
import { handTickedSimulator } from './hand-ticked-simulator';
import { mulberry32 } from '../../server/random/prng';

let t: TestApp;
afterEach(async () => t?.close());

describe('recount', () => {
  it('gives exactly the running totals after a simulated day', async () => {
    let clock = Date.parse('2026-11-23T00:00:00+08:00');
    const now = () => clock;
    t = await buildTestApp({ now });
    const s = t.app.services;
    const random = mulberry32(42);
    const sim = handTickedSimulator(t, now, {
      problemsPerDay: 400,
      openProblems: s.openAtStart,
      random,
    });
    for (let i = 0; i < 23 * 30; i++) {
      clock += 120_000;
      sim.tick();
      // The writes commit as a group; a new problem's life is scheduled once its create answered
      // (a commit over a socket to PostgreSQL takes longer than one turn of the loop).
      await s.ingest.flush();
      await new Promise((r) => setImmediate(r));
    }
    sim.stop();
    const running = s.agg;
    const district = running.windows(s.index.districtId);
    expect(district.today.reported).toBeGreaterThan(50);
    expect(district.today.solved).toBeGreaterThan(20);
    expect(district.today.volunteerCheckins).toBeGreaterThan(0);
    expect(district.today.ratings).toBeGreaterThan(0);

    const fresh = (await recountFromStore(s.store, s.index, now)).agg;
    for (const id of s.index.regions.keys()) {
      expect(fresh.windows(id), id).toEqual(running.windows(id));
      expect(fresh.trend(id), id).toEqual(running.trend(id));
      expect(fresh.current(id), id).toEqual(running.current(id));
    }
    expect(fresh.briefs()).toEqual(running.briefs());
    const r = await post(t.app, '/api/admin/recount', {}, { authorization: `Bearer ${ADMIN}` });
    expect(r.json()).toMatchObject({ identical: true, differing: [] });
  });
});
