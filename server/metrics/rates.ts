// The formulas behind every rate on the screen. Pure, and the only place they are written.
import type { Rating } from '../../shared/protocol';

/** numerator / denominator, or null when there is nothing to divide by (0/0 is not 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The counts every rate on the screen is worked out from (a window's, or a region's 30 days). */
export interface RateCounts {
  reported: number;
  /** Of those reported, how many are closed by now. */
  reportedClosed: number;
  solved: number;
  solvedOnTime: number;
  ratings: number;
  satisfied: number;
}

export interface ProblemRates {
  /** 办结率: of the problems reported, the share closed. */
  closureRate: number | null;
  /** 按时办结率: of the problems solved, the share closed by their due time. */
  onTimeRate: number | null;
  /** 满意率: of the ratings given, the share satisfied or basically satisfied. */
  satisfactionRate: number | null;
}

/** The three rates, the one way they are computed wherever they appear. */
export function problemRates(c: RateCounts): ProblemRates {
  return {
    closureRate: rate(c.reportedClosed, c.reported),
    onTimeRate: rate(c.solvedOnTime, c.solved),
    satisfactionRate: rate(c.satisfied, c.ratings),
  };
}

/** 满意率: satisfied and basically satisfied count as satisfied (the seeds' 91.2 % is counted so). */
export function isSatisfied(r: Rating): boolean {
  return r === 'satisfied' || r === 'basically_satisfied';
}

/** 1–5 stars onto the three-level survey: 4–5 satisfied, 3 basically, 1–2 unsatisfied. */
export function ratingFromStars(stars: number): Rating {
  if (stars >= 4) return 'satisfied';
  if (stars === 3) return 'basically_satisfied';
  return 'unsatisfied';
}
