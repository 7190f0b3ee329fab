// The formulas behind every rate on the screen. Pure, and the only place they are written.
import type { Rating } from '../../shared/protocol';

/** numerator / denominator, or null when there is nothing to divide by (0/0 is not 0 %). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
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
