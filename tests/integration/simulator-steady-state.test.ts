// A 24/7 demo must reach a steady state: stalled problems close late (after their due time plus
// some days) instead of staying open for ever, so the open map and the overdue figure stop
// growing. 120 simulated days against a counting ingest (the real one is covered by
// simulator.test.ts; here only the simulator's own scheduling is under test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { buildRegionIndex, type RegionIndex } from '../../server/aggregate/region-index';
import { createSimulator } from '../../server/simulator/simulator';
import type { IngestService } from '../../server/ingest/ingest-service';
import { DUE_HOURS, dueAt } from '../../server/metrics/due';
import { localIso } from '../../server/metrics/time';
import * as P from '../../server/simulator/profile';
import { mulberry32 } from '../../server/random/prng';
import type { ProblemCreate, ProblemTransition } from '../../shared/protocol';

let dir: string;
let index: RegionIndex;
beforeAll(async () => {
  dir = await tinyDatasetDir();
  index = buildRegionIndex(await loadValidDataset(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;

describe('simulator steady state', () => {
  it('keeps the open and overdue counts bounded over 120 simulated days', async () => {
    const start = Date.parse('2026-01-01T00:00:00+08:00');
    let clock = start;
    const now = () => clock;
    const problems = new Map<string, { dueAt: number; closedAt: number | null }>();
    const ok = { status: 201, body: {} };
    // Promise-based like the real service (whose writes settle after their group's commit).
    const ingest = {
      createProblem: async (b: ProblemCreate) => {
        const due = dueAt(b.category, clock);
        problems.set(b.id, { dueAt: due, closedAt: null });
        return { status: 201, body: { id: b.id, dueAt: localIso(due) } };
      },
      transition: async (id: string, b: ProblemTransition) => {
        if (b.stage === 'closed') problems.get(id)!.closedAt = clock;
        return ok;
      },
      rate: async () => ok,
      volunteer: async () => ok,
      partyReport: async () => ok,
      stationVisit: async () => ok,
    } as unknown as IngestService;
    const perDay = 300;
    const sim = createSimulator({
      ingest,
      index,
      now,
      speed: 1,
      problemsPerDay: perDay,
      openProblems: [],
      random: mulberry32(11),
      tickMs: 3_600_000,
    });
    const open: number[] = [];
    const overdue: number[] = [];
    for (let day = 1; day <= 120; day++) {
      for (const end = start + day * DAY; clock < end; clock += 15 * 60_000) {
        sim.tick();
        // Lets the writes settle (a new problem's life is scheduled once its create answered).
        await new Promise((r) => setImmediate(r));
      }
      let o = 0;
      let late = 0;
      for (const p of problems.values())
        if (p.closedAt === null) {
          o++;
          if (clock > p.dueAt) late++;
        }
      open.push(o);
      overdue.push(late);
    }
    sim.stop();

    // Steady state from the profile: a normal problem lives under a day; a straggler stays open
    // at most its due time plus the largest extra. 1.5 covers the daily rhythm and Poisson noise.
    const S = P.STEP_MINUTES;
    const normalLifeDays =
      (S.call[1] + S.respond[1] + S.escalate[1] + S.handle[1] + S.close[1]) / 1440;
    const maxDueDays = Math.max(...Object.values(DUE_HOURS)) / 24;
    const maxExtra = P.STALL_EXTRA_DAYS[1];
    const openBound = perDay * (normalLifeDays + P.STALL_SHARE * (maxDueDays + maxExtra)) * 1.5;
    const overdueBound = perDay * P.STALL_SHARE * maxExtra * 1.5;
    console.log(
      Math.max(...open),
      openBound,
      Math.max(...overdue),
      overdueBound,
      overdue.slice(30, 60).join(),
      overdue.slice(90).join(),
    );
    expect(Math.max(...open)).toBeLessThan(openBound);
    expect(Math.max(...overdue)).toBeLessThan(overdueBound);
    // Not growing: the last month's mean is no more than the second month's (+ noise).
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(overdue.slice(90))).toBeLessThan(mean(overdue.slice(30, 60)) * 1.3 + 5);
    // Stragglers exist and do close, late.
    expect(overdue[119]).toBeGreaterThan(0);
    const closedLate = [...problems.values()].filter(
      (p) => p.closedAt !== null && p.closedAt > p.dueAt + P.STALL_EXTRA_DAYS[0] * DAY,
    ).length;
    expect(closedLate / problems.size).toBeGreaterThan(P.STALL_SHARE / 2);
    expect(closedLate / problems.size).toBeLessThan(P.STALL_SHARE * 1.5);
  }, 60_000);
});
