// The built-in live source for demos and soak tests. It writes through the same ingest service
// as the HTTP API (same checks, same transactions, same events), with the district's daily
// rhythm. Speed multiplies both the arrival rates and how fast a problem moves through its steps,
// while every write is stamped with the real time, so the screen stays "now".
import type { RegionIndex } from '../aggregate/region-index';
import type { IngestService } from '../ingest/ingest-service';
import { SIMULATED_ID_PREFIX, type ProblemRecord } from '../store/records';
import { localHour } from '../../shared/local-time';
import { poisson } from '../random/poisson';
import { weightedPicker } from '../random/weighted';
import { carryOn, type LifeContext } from './problem-life';
import * as P from './profile';

interface Step {
  at: number;
  problemId: string;
  run: () => void;
}

export interface SimulatorOptions {
  ingest: IngestService;
  index: RegionIndex;
  now: () => number;
  speed: number;
  /** Problems per simulated day (the dataset's historical mean). */
  problemsPerDay: number;
  /** Open problems found in the store at start: the simulator carries them on. */
  openProblems: ProblemRecord[];
  random?: () => number;
  onError?: (err: unknown) => void;
  tickMs?: number;
}

const pickCategory = weightedPicker(P.CATEGORY_MIX);
const pickSource = weightedPicker(P.SOURCE_MIX);

/** Grids weighted by households (a grid with none still gets a report now and then). */
function gridPicker(index: RegionIndex): ((r: number) => string) | null {
  const grids = [...index.regions.values()].filter((r) => r.level === 'grid');
  if (grids.length === 0) return null;
  const weights = grids.map((g) => [g.id, index.figures(g.id).households] as const);
  const none = weights.every(([, w]) => !(w > 0));
  return weightedPicker(none ? grids.map((g) => [g.id, 1] as const) : weights);
}

/** A new problem in a grid drawn by households, at a point near the grid's centre. */
function problemSource(o: SimulatorOptions, random: () => number, id: (p: string) => string) {
  const pickGrid = gridPicker(o.index);
  return (life: LifeContext) => {
    if (!pickGrid) return;
    const gridId = pickGrid(random());
    const grid = o.index.regions.get(gridId)!;
    // A point near the grid's centre, kept only if it is still inside the grid.
    const jitter: [number, number] = [
      grid.center[0] + (random() - 0.5) * 0.003,
      grid.center[1] + (random() - 0.5) * 0.003,
    ];
    const position = o.index.gridAt(jitter) === gridId ? jitter : grid.center;
    return o.ingest
      .createProblem({
        id: id('P'),
        category: pickCategory(random()),
        source: pickSource(random()),
        gridId,
        position,
      })
      .then((res) =>
        carryOn(life, { id: res.body.id, stage: 'reported', dueAt: Date.parse(res.body.dueAt) }),
      );
  };
}

/** Volunteer check-ins, party-member reports and station visits, each at its daily rate. */
function activitySources(o: SimulatorOptions, random: () => number, id: (p: string) => string) {
  const communities = [...o.index.regions.values()].filter((r) => r.level === 'community');
  const district = o.index.figures(o.index.districtId);
  const stations = [...o.index.stations.keys()];
  const anyOf = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return [
    {
      perDay: district.volunteers * P.DAILY_VOLUNTEER_CHECKINS_PER_VOLUNTEER,
      run: () =>
        o.ingest.volunteer({
          id: id('V'),
          regionId: anyOf(communities).id,
          hours: Math.round((1 + random() * 3) * 2) / 2,
        }),
    },
    {
      perDay: district.partyMembers * P.DAILY_PARTY_REPORTS_PER_MEMBER,
      run: () => o.ingest.partyReport({ id: id('R'), regionId: anyOf(communities).id }),
    },
    {
      perDay: stations.length * P.DAILY_VISITS_PER_STATION,
      run: () => o.ingest.stationVisit({ id: id('S'), stationId: anyOf(stations) }),
    },
  ];
}

export function createSimulator(o: SimulatorOptions) {
  const random = o.random ?? Math.random;
  const steps: Step[] = [];
  let counter = 0;
  let last = o.now();
  // Every record it writes carries the simulated tag, so a real district can purge them.
  const id = (prefix: string) =>
    `${SIMULATED_ID_PREFIX}${prefix}-${o.now().toString(36)}-${(counter++).toString(36)}`;
  const report = (err: unknown) => o.onError?.(err);
  // A write is a promise (it settles after its group's commit): its rejection is reported too.
  const safely = (fn: () => unknown) => () => {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(report);
    } catch (err) {
      report(err);
    }
  };
  const life: LifeContext = {
    random,
    now: o.now,
    minutes: ([lo, hi]) => ((lo + random() * (hi - lo)) * 60_000) / o.speed,
    later: (problemId, delay, fn) =>
      steps.push({ at: o.now() + delay, problemId, run: safely(fn) }),
    move: (problemId, body) => void o.ingest.transition(problemId, body).catch(report),
    rate: (problemId, rating) => void o.ingest.rate(problemId, { rating }).catch(report),
  };
  const newProblem = problemSource(o, random, id);
  const activities = activitySources(o, random, id);

  /** Runs the scheduled steps that are due, oldest first. */
  function runDue(t: number): void {
    const due = steps.filter((s) => s.at <= t);
    if (due.length === 0) return;
    const keep = steps.filter((s) => s.at > t);
    steps.length = 0;
    steps.push(...keep);
    for (const s of due.sort((a, b) => a.at - b.at)) s.run();
  }

  function tick(): void {
    const t = o.now();
    const simDays = ((t - last) / 86_400_000) * o.speed;
    last = t;
    const factor = P.hourFactor(localHour(t));
    const each = (perDay: number, fn: () => unknown) => {
      for (let n = poisson(perDay * simDays * factor, random); n > 0; n--) safely(fn)();
    };
    each(o.problemsPerDay, () => newProblem(life));
    for (const a of activities) each(a.perDay, a.run);
    runDue(t);
  }

  for (const p of o.openProblems) carryOn(life, p);
  const timer = setInterval(tick, o.tickMs ?? 250);
  timer.unref();
  return {
    tick,
    pending: () => steps.length,
    stop: () => clearInterval(timer),
  };
}

export type Simulator = ReturnType<typeof createSimulator>;
