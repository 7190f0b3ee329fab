// What the simulated district does, calibrated to the seeds (DOMAIN.md): closure ≈ 99 %,
// satisfaction ≈ 91 % (satisfied + basically satisfied), most problems settled at grid or
// community level, a few whistled up to the street or a district department. The ONE profile:
// the live simulator, the demo's back-filled activity and the generated history
// (scripts/data/history.ts) all draw from it, so the demo's past and present look alike.
import type { ProblemCategory, ProblemSource, Rating, ResponseTier } from '../../shared/protocol';
import type { Mix } from '../random/weighted';

/** Relative activity by local hour: quiet at night, busy mornings, a second wave after lunch. */
export const HOURLY_WEIGHT = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.6, 1.9, 1.8, 1.5, 1.0, 1.1, 1.5, 1.6, 1.5, 1.3, 1.0,
  0.9, 0.8, 0.6, 0.4, 0.25,
];
const MEAN_WEIGHT = HOURLY_WEIGHT.reduce((a, b) => a + b, 0) / 24;

/** The local hours 0–23 weighted by HOURLY_WEIGHT: draws the hour of a report or a visit. */
export const HOUR_MIX: Mix<number> = HOURLY_WEIGHT.map((w, h) => [h, w] as const);

/** Rate multiplier at a local hour, normalised so a day's total equals the daily mean. */
export function hourFactor(hour: number): number {
  return (HOURLY_WEIGHT[hour] ?? 1) / MEAN_WEIGHT;
}

export const CATEGORY_MIX: Mix<ProblemCategory> = [
  ['environment', 0.24],
  ['property', 0.2],
  ['parking', 0.13],
  ['safety', 0.1],
  ['dispute', 0.1],
  ['elderly_child', 0.1],
  ['renovation', 0.06],
  ['other', 0.07],
];

export const SOURCE_MIX: Mix<ProblemSource> = [
  ['patrol', 0.38],
  ['hotline', 0.26],
  ['resident', 0.2],
  ['property', 0.1],
  ['party_member', 0.06],
];

export const FIRST_TIER_MIX: Mix<ResponseTier> = [
  ['grid', 0.55],
  ['community', 0.3],
  ['street', 0.11],
  ['district', 0.04],
];

export const RATING_MIX: Mix<Rating> = [
  ['satisfied', 0.7],
  ['basically_satisfied', 0.21],
  ['unsatisfied', 0.09],
];

/** Share of responses escalated one tier up (街道吹哨、部门报到). */
export const ESCALATION_SHARE = 0.08;
/**
 * Share of problems that stall: they go through their steps but close only well past their due
 * time, as real stragglers do (about 1 − closure rate while they are open). Never "open for
 * ever": on a 24/7 demo that would grow the open map and the overdue figure without end.
 */
export const STALL_SHARE = 0.01;
/** How long after its due time a stalled problem closes: simulated days, [min, max]. */
export const STALL_EXTRA_DAYS = [3, 30] as const;
/** Share of closed problems the resident rates. */
export const RATED_SHARE = 0.85;

/** Simulated minutes each step takes: [min, max], drawn uniformly. */
export const STEP_MINUTES = {
  call: [5, 60],
  respond: [10, 120],
  escalate: [30, 180],
  handle: [60, 600],
  close: [20, 240],
  rate: [30, 720],
} as const;

/** Daily activity per head of the district's figures. */
export const DAILY_VOLUNTEER_CHECKINS_PER_VOLUNTEER = 0.02;
export const DAILY_PARTY_REPORTS_PER_MEMBER = 2 / 365;
export const DAILY_VISITS_PER_STATION = 12;
