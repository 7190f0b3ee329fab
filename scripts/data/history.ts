// Past problems with their whole workflow, drawn from the ONE district profile the live simulator
// uses (server/simulator/profile.ts: category, source, tier and rating mixes, escalations, the
// daily rhythm, stragglers, step times) and due by the ONE deadline rule (server/metrics/due.ts),
// so the demo's history and its live problems are counted alike. ≈165 a day. Times are local
// (+08:00). Problems whose later steps fall after the end of history are left open at that step.
import type { HistoricalProblem } from '../../server/dataset/types';
import { dueAt } from '../../server/metrics/due';
import { mulberry32, type Rng } from '../../server/random/prng';
import { weightedPicker } from '../../server/random/weighted';
import * as P from '../../server/simulator/profile';
import { RESPONSE_TIERS, type ResponseTier } from '../../shared/protocol';
import { DAY_MS, localDayStart, localIso, localWeekday } from '../../shared/local-time';
import { pointIn } from './place';
import type { Shape } from './tessellate';

export const HISTORY_COLUMNS = [
  'id',
  'category',
  'source',
  'gridId',
  'lon',
  'lat',
  'reportedAt',
  'calledAt',
  'respondedAt',
  'tier',
  'handledAt',
  'closedAt',
  'dueAt',
  'rating',
  'ratedAt',
] as const;

const H = 3_600_000;
const MIN = 60_000;

/**
 * Closing late is rarer in the past than a straggler's: the seeds' 90–95 % on time. A late problem
 * closes at 105–195 % of its time limit, the others within it, higher tiers using more of it.
 */
const LATE_SHARE = 0.07;
const TIER_SHARE_OF_LIMIT: Record<ResponseTier, number> = {
  grid: 0.25,
  community: 0.4,
  street: 0.55,
  district: 0.65,
};

const pickCategory = weightedPicker(P.CATEGORY_MIX);
const pickSource = weightedPicker(P.SOURCE_MIX);
const pickTier = weightedPicker(P.FIRST_TIER_MIX);
const pickRating = weightedPicker(P.RATING_MIX);
const pickHour = weightedPicker(P.HOUR_MIX);

export interface HistoryInput {
  endsOn: string; // YYYY-MM-DD local
  days: number;
  perDay: number;
  grids: Array<{ id: string; households: number; shape: Shape }>;
  seed: number;
}

/** A duration drawn from one of the profile's step ranges (minutes), in ms. */
const minutes = (rng: Rng, [lo, hi]: readonly [number, number]) => (lo + rng() * (hi - lo)) * MIN;

/** The tier that finally responded: the first one, whistled one up now and then. */
function finalTier(rng: Rng): ResponseTier {
  const first = pickTier(rng());
  const up = RESPONSE_TIERS[RESPONSE_TIERS.indexOf(first) + 1];
  return up && rng() < P.ESCALATION_SHARE ? up : first;
}

/** When it closed: within its time limit, late now and then, a straggler days past it. */
function closedAt(rng: Rng, at: number, due: number, responded: number, tier: ResponseTier) {
  const limit = due - at;
  const late = rng() < LATE_SHARE;
  const share = late
    ? 1.05 + rng() * 0.9
    : Math.min(0.97, TIER_SHARE_OF_LIMIT[tier] * (0.4 + rng() * 1.2));
  const closed = Math.max(responded + 30 * MIN, at + share * limit);
  const [lo, hi] = P.STALL_EXTRA_DAYS;
  const stalled = rng() < P.STALL_SHARE;
  return stalled ? Math.max(closed, due + minutes(rng, [lo * 1440, hi * 1440])) : closed;
}

function problem(
  rng: Rng,
  id: string,
  gridId: string,
  position: [number, number],
  at: number,
  end: number,
): HistoricalProblem {
  const category = pickCategory(rng());
  const source = pickSource(rng());
  const tier = finalTier(rng);
  const due = dueAt(category, at);
  const called = at + minutes(rng, P.STEP_MINUTES.call);
  const responded = called + minutes(rng, P.STEP_MINUTES.respond);
  const closed = closedAt(rng, at, due, responded, tier);
  const handled = closed - (0.3 + rng() * 0.4) * (closed - responded);
  const rated = rng() < P.RATED_SHARE ? closed + minutes(rng, P.STEP_MINUTES.rate) : Infinity;
  const by = (ms: number) => (ms < end ? localIso(ms) : null);
  return {
    id,
    category,
    source,
    gridId,
    position,
    reportedAt: localIso(at),
    calledAt: by(called),
    respondedAt: by(responded),
    tier: responded < end ? tier : null,
    handledAt: by(handled),
    closedAt: by(closed),
    dueAt: localIso(due),
    rating: rated < end ? pickRating(rng()) : null,
    ratedAt: by(rated),
  };
}

/** A day's report times: its count varies by weekday and at random, its hours follow the rhythm. */
function dayTimes(rng: Rng, dayStart: number, perDay: number): number[] {
  const weekday = localWeekday(dayStart);
  const factor = (weekday === 0 || weekday === 6 ? 0.82 : 1.05) * (0.85 + rng() * 0.3);
  const count = Math.round(perDay * factor);
  const times: number[] = [];
  for (let i = 0; i < count; i++)
    times.push(dayStart + pickHour(rng()) * H + Math.floor(rng() * 3600) * 1000);
  return times.sort((a, b) => a - b);
}

/**
 * The history one problem at a time, oldest day first: the bench's loader (bench/scale-load.ts)
 * streams a year of a city from it without holding a million records in memory.
 */
export function* pastProblems(input: HistoryInput): Generator<HistoricalProblem> {
  const rng = mulberry32(input.seed);
  const end = localDayStart(input.endsOn) + DAY_MS;
  const pickGrid = weightedPicker(input.grids.map((g) => [g, g.households] as const));
  for (let d = input.days - 1; d >= 0; d--) {
    const dayStart = end - (d + 1) * DAY_MS;
    const date = localIso(dayStart).slice(0, 10).replace(/-/g, '');
    const times = dayTimes(rng, dayStart, input.perDay);
    for (let i = 0; i < times.length; i++) {
      const grid = pickGrid(rng());
      const id = `H${date}${String(i + 1).padStart(4, '0')}`;
      yield problem(rng, id, grid.id, pointIn(grid.shape, rng), times[i]!, end);
    }
  }
}

export function buildHistory(input: HistoryInput): HistoricalProblem[] {
  return [...pastProblems(input)];
}
