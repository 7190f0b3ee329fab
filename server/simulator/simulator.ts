// The built-in live source for demos and soak tests. It writes through the same ingest service
// as the HTTP API (same checks, same transactions, same events), with the district's daily
// rhythm. Speed multiplies both the arrival rates and how fast a problem moves through its steps,
// while every write is stamped with the real time, so the screen stays "now".
import type { RegionIndex } from '../aggregate/region-index';
import type { IngestService } from '../ingest/ingest-service';
import type { ProblemRecord } from '../store/records';
import type { ProblemTransition, ResponseTier } from '../../shared/protocol';
import { RESPONSE_TIERS } from '../../shared/protocol';
import * as P from './profile';
import { poisson } from './poisson';

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

export function createSimulator(o: SimulatorOptions) {
  const random = o.random ?? Math.random;
  const steps: Step[] = [];
  let counter = 0;
  let last = o.now();
  const id = (prefix: string) =>
    `SIM-${prefix}-${o.now().toString(36)}-${(counter++).toString(36)}`;
  const minutes = ([lo, hi]: readonly [number, number]) =>
    ((lo + random() * (hi - lo)) * 60_000) / o.speed;

  const grids = [...o.index.regions.values()].filter((r) => r.level === 'grid');
  const gridWeights: Array<[string, number]> = grids.map((g) => [
    g.id,
    o.index.figures(g.id).households,
  ]);
  const totalHouseholds = gridWeights.reduce((a, [, w]) => a + w, 0) || 1;
  const gridMix = gridWeights.map(([g, w]) => [g, w / totalHouseholds] as [string, number]);
  const communities = [...o.index.regions.values()].filter((r) => r.level === 'community');
  const district = o.index.figures(o.index.districtId);
  const stations = [...o.index.stations.keys()];

  const safely = (fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      o.onError?.(err);
    }
  };
  const later = (problemId: string, delay: number, fn: () => void) =>
    steps.push({ at: o.now() + delay, problemId, run: safely(fn) });
  const move = (problemId: string, body: ProblemTransition) => o.ingest.transition(problemId, body);

  /** Schedules the rest of a problem's life from the stage it is at. */
  function carryOn(p: Pick<ProblemRecord, 'id' | 'stage' | 'tier' | 'dueAt'>): void {
    // A straggler moves on as usual but is closed only days after it fell due.
    const [lo, hi] = P.STALL_EXTRA_DAYS;
    const closeNoSoonerThan =
      random() < P.STALL_SHARE ? p.dueAt + minutes([lo * 1440, hi * 1440]) : -Infinity;
    const pid = p.id;
    const rate = () => {
      if (random() < P.RATED_SHARE)
        later(pid, minutes(P.STEP_MINUTES.rate), () =>
          o.ingest.rate(pid, { rating: P.pick(P.RATING_MIX, random()) }),
        );
    };
    const close = () =>
      later(
        pid,
        Math.max(minutes(P.STEP_MINUTES.close), closeNoSoonerThan - o.now()),
        () => (move(pid, { stage: 'closed' }), rate()),
      );
    const handle = () =>
      later(pid, minutes(P.STEP_MINUTES.handle), () => (move(pid, { stage: 'handled' }), close()));
    const respond = (tier: ResponseTier) => {
      move(pid, { stage: 'responding', tier });
      const up = RESPONSE_TIERS[RESPONSE_TIERS.indexOf(tier) + 1];
      if (up && random() < P.ESCALATION_SHARE)
        later(
          pid,
          minutes(P.STEP_MINUTES.escalate),
          () => (move(pid, { stage: 'responding', tier: up }), handle()),
        );
      else handle();
    };
    const call = () =>
      later(pid, minutes(P.STEP_MINUTES.respond), () =>
        respond(P.pick(P.FIRST_TIER_MIX, random())),
      );
    switch (p.stage) {
      case 'reported':
        later(pid, minutes(P.STEP_MINUTES.call), () => (move(pid, { stage: 'called' }), call()));
        break;
      case 'called':
        call();
        break;
      case 'responding':
        handle();
        break;
      case 'handled':
        close();
        break;
      case 'closed':
        break;
    }
  }

  function newProblem(): void {
    const gridId = P.pick(gridMix, random());
    const grid = o.index.regions.get(gridId)!;
    // A point near the grid's centre, kept only if it is still inside the grid.
    const jitter: [number, number] = [
      grid.center[0] + (random() - 0.5) * 0.003,
      grid.center[1] + (random() - 0.5) * 0.003,
    ];
    const position = o.index.gridAt(jitter) === gridId ? jitter : grid.center;
    const res = o.ingest.createProblem({
      id: id('P'),
      category: P.pick(P.CATEGORY_MIX, random()),
      source: P.pick(P.SOURCE_MIX, random()),
      gridId,
      position,
    });
    carryOn({ id: res.body.id, stage: 'reported', tier: null, dueAt: Date.parse(res.body.dueAt) });
  }

  const localHour = (t: number) => new Date(t + 8 * 3600_000).getUTCHours();

  function tick(): void {
    const t = o.now();
    const simDays = ((t - last) / 86_400_000) * o.speed;
    last = t;
    const factor = P.hourFactor(localHour(t));
    const each = (perDay: number, fn: () => void) => {
      for (let n = poisson(perDay * simDays * factor, random); n > 0; n--) safely(fn)();
    };
    each(o.problemsPerDay, newProblem);
    each(district.volunteers * P.DAILY_VOLUNTEER_CHECKINS_PER_VOLUNTEER, () => {
      const c = communities[Math.floor(random() * communities.length)]!;
      o.ingest.volunteer({
        id: id('V'),
        regionId: c.id,
        hours: Math.round((1 + random() * 3) * 2) / 2,
      });
    });
    each(district.partyMembers * P.DAILY_PARTY_REPORTS_PER_MEMBER, () => {
      const c = communities[Math.floor(random() * communities.length)]!;
      o.ingest.partyReport({ id: id('R'), regionId: c.id });
    });
    each(stations.length * P.DAILY_VISITS_PER_STATION, () => {
      o.ingest.stationVisit({
        id: id('S'),
        stationId: stations[Math.floor(random() * stations.length)]!,
      });
    });
    const due = steps.filter((s) => s.at <= t);
    if (due.length > 0) {
      const keep = steps.filter((s) => s.at > t);
      steps.length = 0;
      steps.push(...keep);
      for (const s of due.sort((a, b) => a.at - b.at)) s.run();
    }
  }

  for (const p of o.openProblems) carryOn(p);
  const timer = setInterval(tick, o.tickMs ?? 250);
  timer.unref();
  return {
    tick,
    pending: () => steps.length,
    stop: () => clearInterval(timer),
  };
}

export type Simulator = ReturnType<typeof createSimulator>;
