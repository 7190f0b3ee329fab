// The simulator on a pinned clock for three simulated days: what it produces must look like the
// seeds' district — closure ≈ 99 %, satisfaction ≈ 91 %, quiet nights and busy mornings — and go
// through the same ingest path (its problems are in the store like any other).
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build-app';
import { handTickedSimulator } from './hand-ticked-simulator';
import { mulberry32 } from '../../server/random/prng';
import { isSatisfied } from '../../server/metrics/rates';
import { localHour } from '../../shared/local-time';
import type { ProblemRecord } from '../../server/store/records';

let t: TestApp;
afterEach(async () => t?.close());

describe('simulator', () => {
  it('produces the seeds’ closure and satisfaction with a daily rhythm', async () => {
    const start = Date.parse('2026-11-20T00:00:00+08:00');
    let clock = start;
    const now = () => clock;
    t = await buildTestApp({ now });
    const s = t.app.services;
    const sim = handTickedSimulator(t, now, { problemsPerDay: 600, random: mulberry32(7) });
    for (clock = start; clock < start + 3 * 86_400_000; clock += 120_000) {
      sim.tick();
      // The writes commit as a group, and a new problem's life is scheduled once its create
      // answered: let both happen at this moment of the clock (a commit over a socket to
      // PostgreSQL takes longer than one turn of the loop).
      await s.ingest.flush();
      await new Promise((r) => setImmediate(r));
    }
    sim.stop();
    const mine: ProblemRecord[] = [];
    await s.store.eachProblem((p) => p.id.startsWith('SIM-') && mine.push(p));
    expect(mine.length).toBeGreaterThan(1200);

    // Closure: of the first day's problems, the share closed two days later.
    const day1 = mine.filter((p) => p.reportedAt < start + 86_400_000);
    const closure = day1.filter((p) => p.closedAt !== null).length / day1.length;
    expect(closure).toBeGreaterThan(0.97);
    expect(closure).toBeLessThan(1);

    const rated = mine.filter((p) => p.rating !== null);
    const satisfaction = rated.filter((p) => isSatisfied(p.rating!)).length / rated.length;
    expect(satisfaction).toBeGreaterThan(0.88);
    expect(satisfaction).toBeLessThan(0.94);

    const hour = (p: ProblemRecord) => localHour(p.reportedAt);
    const night = mine.filter((p) => hour(p) >= 1 && hour(p) < 5).length;
    const morning = mine.filter((p) => hour(p) >= 8 && hour(p) < 12).length;
    expect(morning).toBeGreaterThan(night * 8);

    // Escalations happen, but most problems are settled at grid or community level.
    const tiers = mine.filter((p) => p.tier).map((p) => p.tier);
    const low = tiers.filter((x) => x === 'grid' || x === 'community').length / tiers.length;
    expect(low).toBeGreaterThan(0.7);
    expect(low).toBeLessThan(0.9);
  }, 60_000);
});
