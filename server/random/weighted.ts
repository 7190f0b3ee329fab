// The one weighted pick: category and source mixes, tiers, ratings, the hour of a report, the grid
// it falls in (weighted by households). Weights need not sum to 1; zero weights are never picked.

/** A value and its relative weight (≥ 0). */
export type Mix<T> = ReadonlyArray<readonly [T, number]>;

/**
 * Prepares a mix once (cumulative sums) and returns a picker for `r` in [0, 1): the value whose
 * share of the total weight covers r. Binary search, so a mix of a thousand grids costs ~10 steps.
 */
export function weightedPicker<T>(mix: Mix<T>): (r: number) => T {
  if (mix.length === 0) throw new Error('weightedPicker: empty mix');
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of mix) cumulative.push((total += Math.max(0, w)));
  if (!(total > 0)) throw new Error('weightedPicker: no positive weight');
  const last = cumulative.findIndex((c) => c === total);
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return mix[lo]![0];
  };
}
