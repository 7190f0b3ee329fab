// Invented figures never mix with a real district's by accident: SIMULATOR=auto runs the simulator
// on a demo dataset only, everything it writes carries the SIM- tag, and the admin API counts and
// purges exactly those records — the real ones, the roll-ups and the live figures stay as if the
// simulator had never run.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ADMIN, buildTestApp, post, type TestApp } from './build-app';
import {
  writeTinyDataset,
  tinyGridIds,
  tinyManifest,
  tinyDatasetDir,
} from '../fixtures/tiny-dataset';
import { handTickedSimulator } from './hand-ticked-simulator';
import { mulberry32 } from '../../server/random/prng';
import type { DatasetReport, PurgeResult } from '../../shared/admin-api';

const admin = { authorization: `Bearer ${ADMIN}` };
const apps: TestApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function realDistrictDir(): Promise<string> {
  const dir = await tinyDatasetDir();
  await writeTinyDataset(dir, { manifest: { ...tinyManifest(), demo: false } });
  dirs.push(dir);
  return dir;
}

const newProblem = (t: TestApp, id: string, gridId: string) =>
  post(t.app, '/api/problems', { id, category: 'safety', source: 'hotline', gridId });

async function report(t: TestApp): Promise<DatasetReport> {
  const r = await t.app.inject({ url: '/api/admin/dataset', headers: admin });
  expect(r.statusCode).toBe(200);
  return r.json<DatasetReport>();
}

describe('simulated records', () => {
  it('SIMULATOR=auto simulates a demo dataset only; a running simulator refuses the purge', async () => {
    const demo = await buildTestApp({ env: { SIMULATOR: 'auto' } });
    apps.push(demo);
    expect(demo.app.simulator).not.toBeNull();
    expect(await report(demo)).toMatchObject({ demo: true, simulatorRunning: true });
    const refused = await post(demo.app, '/api/admin/simulated/purge', {}, admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'simulator_running' });
    expect(refused.json().message).toContain('SIMULATOR=off');

    const real = await buildTestApp({
      dataDir: await realDistrictDir(),
      env: { SIMULATOR: 'auto' },
    });
    apps.push(real);
    expect(real.app.simulator).toBeNull();
    expect(await report(real)).toMatchObject({ demo: false, simulatorRunning: false });
    const strangers = await post(real.app, '/api/admin/simulated/purge', {});
    expect(strangers.statusCode).toBe(403);
  });

  it("keeps the simulator's prefix to the simulator: a caller's SIM- id is a 400 saying so", async () => {
    const t = await buildTestApp({ dataDir: await realDistrictDir() });
    apps.push(t);
    const grid = tinyGridIds()[0]!;
    const problem = await newProblem(t, 'SIM-P-mine', grid);
    expect(problem.statusCode).toBe(400);
    expect(problem.json().message).toContain('not start with SIM-');
    const checkin = await post(t.app, '/api/volunteer-checkins', {
      id: 'SIM-V-mine',
      regionId: grid,
      hours: 2,
    });
    expect(checkin.statusCode).toBe(400);
    expect((await report(t)).simulated.problems + (await report(t)).simulated.volunteers).toBe(0);
    // The prefix only: an id that merely contains it is anyone's.
    const fine = await newProblem(t, 'X-SIM-P-mine', grid);
    expect(fine.statusCode).toBe(201);
  });

  it(
    'counts and purges exactly what the simulator wrote; real records and figures stay',
    { timeout: 60_000 },
    async () => {
      let clock = Date.parse('2026-11-23T08:00:00+08:00');
      const now = () => clock;
      const t = await buildTestApp({ now, dataDir: await realDistrictDir() });
      apps.push(t);
      const s = t.app.services;
      const grid = tinyGridIds()[2]!;
      for (const id of ['real-1', 'real-2', 'real-3']) {
        expect((await newProblem(t, id, grid)).statusCode).toBe(201);
      }
      await post(t.app, '/api/problems/real-1/transitions', { stage: 'called' });
      const at = clock;
      const figures = () =>
        [...s.index.regions.keys()].map((id) => ({
          id,
          windows: s.agg.windows(id),
          current: s.agg.current(id),
          trend: s.agg.trend(id),
        }));
      const before = figures();
      expect((await report(t)).simulated).toEqual({
        problems: 0,
        volunteers: 0,
        partyReports: 0,
        stationVisits: 0,
      });

      // Simulated hours until it has written every kind (at most 16: still the same day), its own
      // problems only (it is handed no open problem to carry on). Its draws interleave with its
      // writes' answers, so what six hours write varies with the machine's load: six hours once
      // wrote no volunteer check-in at all.
      // A write the simulator could not make is kept, not dropped: a run that counts too little
      // says why (a CI run on PostgreSQL once counted no problem after 16 hours).
      const lost: string[] = [];
      const sim = handTickedSimulator(t, now, {
        problemsPerDay: 600,
        random: mulberry32(7),
        onError: (err) => lost.push(String(err)),
      });
      for (let hour = 0; hour < 16; hour++) {
        for (let i = 0; i < 30; i++) {
          clock += 120_000;
          sim.tick();
          await new Promise((r) => setImmediate(r));
        }
        // Every write of the hour committed (on a loaded PostgreSQL they can take seconds), then
        // the store's counts, what the report shows, without the rest of the report (seconds).
        await s.ingest.flush();
        const so = await s.store.simulated.counts();
        if (so.problems > 20 && so.volunteers > 0 && so.partyReports + so.stationVisits > 0) break;
      }
      sim.stop();
      // The last writes' answers in: a write still in its group would be counted by the purge only.
      await s.ingest.flush();
      const counted = (await report(t)).simulated;
      const why = JSON.stringify({ lost: lost.slice(0, 5), groups: s.ingest.groupStats() });
      expect(counted.problems, why).toBeGreaterThan(20);
      expect(counted.volunteers, why).toBeGreaterThan(0);
      expect(counted.partyReports + counted.stationVisits, why).toBeGreaterThan(0);

      const purge = await post(t.app, '/api/admin/simulated/purge', {}, admin);
      expect(purge.statusCode).toBe(200);
      expect(purge.json<PurgeResult>().removed).toEqual(counted);
      expect((await report(t)).simulated).toEqual({
        problems: 0,
        volunteers: 0,
        partyReports: 0,
        stationVisits: 0,
      });
      // Back at the moment before the simulator ran, every figure is what it was then.
      clock = at;
      expect(figures()).toEqual(before);
      const check = await post(t.app, '/api/admin/recount', {}, admin);
      expect(check.json()).toMatchObject({ identical: true, differing: [] });
      const kept = await t.app.inject({ url: '/api/problems/real-1' });
      expect(kept.statusCode).toBe(200);
      expect(kept.json()).toMatchObject({ id: 'real-1', stage: 'called' });
    },
  );
});
