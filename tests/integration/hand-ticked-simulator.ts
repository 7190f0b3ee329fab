// The simulator as the integration tests drive it: on an app's own ingest and regions, at speed 1,
// its timer never due (a test moves the clock and calls tick() itself).
import type { TestApp } from './build-app';
import { createSimulator, type SimulatorOptions } from '../../server/simulator/simulator';

export function handTickedSimulator(
  t: TestApp,
  now: () => number,
  o: Pick<SimulatorOptions, 'problemsPerDay' | 'random'> & Partial<SimulatorOptions>,
) {
  const s = t.app.services;
  return createSimulator({
    ingest: s.ingest,
    index: s.index,
    now,
    speed: 1,
    openProblems: [],
    tickMs: 3_600_000,
    ...o,
  });
}
