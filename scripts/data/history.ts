// Past problems with their whole workflow, calibrated to the seeds: ≈165 a day with a daily rhythm,
// ≈99 % closed, ≈91 % satisfied, 90–95 % on time, tiers mostly grid/community. Times are local
// (+08:00). Problems whose later steps fall after the end of history are left open at that step.
import type { HistoricalProblem } from '../../server/dataset/types';
import type { ProblemCategory, ProblemSource, Rating, ResponseTier } from '../../shared/protocol';
import { mulberry32, weighted, type Rng } from './prng';
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
const TZ = 8 * H;

const CATEGORIES: Record<ProblemCategory, number> = {
  environment: 24,
  property: 18,
  dispute: 10,
  safety: 12,
  parking: 14,
  elderly_child: 8,
  renovation: 6,
  other: 8,
};
const SOURCES: Record<ProblemSource, number> = {
  patrol: 35,
  resident: 25,
  hotline: 20,
  property: 12,
  party_member: 8,
};
const TIERS: Record<ResponseTier, number> = { grid: 52, community: 32, street: 12, district: 4 };
const RATINGS: Record<Rating, number> = {
  satisfied: 80,
  basically_satisfied: 11.2,
  unsatisfied: 8.8,
};
/** Deadline in hours by category (safety is urgent; renovation is a works order). */
export const DEADLINE_HOURS: Record<ProblemCategory, number> = {
  environment: 24,
  property: 72,
  dispute: 72,
  safety: 12,
  parking: 24,
  elderly_child: 48,
  renovation: 168,
  other: 72,
};
/** Share of a day's reports in each local hour: quiet nights, a busy morning, a second peak. */
const HOURLY = [
  1, 0.6, 0.4, 0.3, 0.3, 0.6, 1.5, 3.5, 7, 9, 9.5, 8.5, 6, 6.5, 8, 8.5, 8, 7, 5.5, 4.5, 3.5, 2.8, 2,
  1.4,
];

export function isoLocal(ms: number): string {
  return new Date(ms + TZ).toISOString().slice(0, 19) + '+08:00';
}

export interface HistoryInput {
  endsOn: string; // YYYY-MM-DD local
  days: number;
  perDay: number;
  grids: Array<{ id: string; households: number; shape: Shape }>;
  seed: number;
}

function pickGrid(rng: Rng, cumulative: number[]): number {
  const r = rng() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function problem(
  rng: Rng,
  id: string,
  gridId: string,
  position: [number, number],
  at: number,
  end: number,
): HistoricalProblem {
  const category = weighted(rng, CATEGORIES);
  const tier = weighted(rng, TIERS);
  const deadline = DEADLINE_HOURS[category] * H;
  const called = at + (5 + rng() * 55) * 60_000;
  const responded = called + (10 + rng() * 110) * 60_000;
  const late = rng() < 0.07;
  // Higher tiers take longer: more of the deadline is used.
  const tierShare = { grid: 0.25, community: 0.4, street: 0.55, district: 0.65 }[tier];
  const share = late ? 1.05 + rng() * 0.9 : Math.min(0.97, tierShare * (0.4 + rng() * 1.2));
  const closed = Math.max(responded + 30 * 60_000, at + share * deadline);
  const handled = closed - (0.3 + rng() * 0.4) * (closed - responded);
  const stuck = rng() < 0.01; // ≈1 % never closed: the 99 % closure rate of seed 001
  const rated = rng() < 0.82 ? closed + (1 + rng() * 47) * H : Infinity;
  const t = (ms: number) => (ms < end && !stuck ? isoLocal(ms) : null);
  const handledAt = ms(handled, end, stuck);
  const closedAt = t(closed);
  return {
    id,
    category,
    source: weighted(rng, SOURCES),
    gridId,
    position,
    reportedAt: isoLocal(at),
    calledAt: called < end ? isoLocal(called) : null,
    respondedAt: responded < end ? isoLocal(responded) : null,
    tier: responded < end ? tier : null,
    handledAt,
    closedAt,
    dueAt: isoLocal(at + deadline),
    rating: closedAt && rated < end ? weighted(rng, RATINGS) : null,
    ratedAt: closedAt && rated < end ? isoLocal(rated) : null,
  };
}

/** A stuck problem got as far as being handled half the time; otherwise it is still responding. */
function ms(handled: number, end: number, stuck: boolean): string | null {
  if (handled >= end) return null;
  if (stuck && Math.round(handled / 60_000) % 2 === 0) return null;
  return isoLocal(handled);
}

export function buildHistory(input: HistoryInput): HistoricalProblem[] {
  const rng = mulberry32(input.seed);
  const end = Date.parse(`${input.endsOn}T00:00:00+08:00`) + 24 * H;
  const cumulative: number[] = [];
  let sum = 0;
  for (const g of input.grids) cumulative.push((sum += g.households));
  const hourTotal = HOURLY.reduce((a, b) => a + b, 0);
  const out: HistoricalProblem[] = [];
  for (let d = input.days - 1; d >= 0; d--) {
    const dayStart = end - (d + 1) * 24 * H;
    const date = isoLocal(dayStart).slice(0, 10);
    const weekday = new Date(dayStart + TZ).getUTCDay();
    const factor = (weekday === 0 || weekday === 6 ? 0.82 : 1.05) * (0.85 + rng() * 0.3);
    const count = Math.round(input.perDay * factor);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      let r = rng() * hourTotal;
      let h = 0;
      while (h < 23 && (r -= HOURLY[h]!) >= 0) h++;
      times.push(dayStart + h * H + Math.floor(rng() * 3600) * 1000);
    }
    times.sort((a, b) => a - b);
    times.forEach((at, i) => {
      const grid = input.grids[pickGrid(rng, cumulative)]!;
      const id = `H${date.replace(/-/g, '')}${String(i + 1).padStart(4, '0')}`;
      out.push(problem(rng, id, grid.id, pointIn(grid.shape, rng), at, end));
    });
  }
  return out;
}
