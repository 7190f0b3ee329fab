// Median handling time over a window without keeping every duration: each day bucket holds a
// histogram of handling hours on fixed bins, windows add histograms bin by bin, and the median
// is read off the merged histogram. Bins are 15 minutes wide up to 48 h (where nearly all
// problems close), then 1 day wide up to 60 days; the error is at most half a bin.

const FINE_BIN_H = 0.25;
const FINE_BINS = 48 / FINE_BIN_H; // 192
const COARSE_BIN_H = 24;
const COARSE_BINS = 59;
export const HIST_BINS = FINE_BINS + COARSE_BINS;

export function binOf(hours: number): number {
  const h = Math.max(0, hours);
  if (h < 48) return Math.floor(h / FINE_BIN_H);
  return Math.min(FINE_BINS + Math.floor((h - 48) / COARSE_BIN_H), HIST_BINS - 1);
}

function binBounds(bin: number): [number, number] {
  if (bin < FINE_BINS) return [bin * FINE_BIN_H, (bin + 1) * FINE_BIN_H];
  const lo = 48 + (bin - FINE_BINS) * COARSE_BIN_H;
  return [lo, lo + COARSE_BIN_H];
}

/** Median hours from a histogram (counts per bin), interpolated inside the median's bin. */
export function medianFromHistogram(hist: ArrayLike<number>): number | null {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i]!;
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i]!;
    if (c > 0 && seen + c >= half) {
      const [lo, hi] = binBounds(i);
      return lo + ((half - seen) / c) * (hi - lo);
    }
    seen += c;
  }
  return null;
}
