// Colour scales for the map's metric fills. Pure functions: the region layer, the legend and the
// tests all call the same `scaleFor`, so what the legend says is what the polygons show.
import type { MapMetric, RegionBrief } from '@shared/protocol';

export type RGBA = [number, number, number, number];

export interface ColorClass {
  color: RGBA;
  /** Inclusive lower bound, or null for "below the next class". */
  min: number | null;
  /** Exclusive upper bound, or null for "and above". */
  max: number | null;
}

export interface ColorScale {
  metric: MapMetric;
  /** Best first for rates, fewest first for counts: the order the legend reads. */
  classes: ColorClass[];
  noData: RGBA;
  colorOf(value: number | null | undefined): RGBA;
}

// Good → bad: calm cyan/teal for regions doing well, warm amber/red for those that need a look.
// A command-center wall is read for what is wrong, so the bad end is the one that glows.
export const PALETTE: readonly RGBA[] = [
  [0, 200, 255, 255],
  [40, 220, 170, 255],
  [250, 215, 70, 255],
  [255, 145, 50, 255],
  [255, 70, 80, 255],
];
export const NO_DATA: RGBA = [90, 110, 140, 255];

/**
 * Class breaks for rates (lower bounds, best first). Tuned to the figures the seeds report
 * (closure ≈ 99 %, satisfaction ≈ 91 %): a scale from 0 to 100 % would paint everything the same.
 */
export const RATE_BREAKS: Record<'closureRate' | 'satisfactionRate', readonly number[]> = {
  closureRate: [0.98, 0.95, 0.9, 0.85],
  satisfactionRate: [0.95, 0.9, 0.85, 0.8],
};

export function metricValue(brief: RegionBrief | undefined, metric: MapMetric): number | null {
  if (!brief) return null;
  const v = brief[metric];
  return v == null || !Number.isFinite(v) ? null : v;
}

/**
 * Breaks for open-problem counts: they depend on the level shown (a street has many, a grid few),
 * so they come from the values in view: four round steps up to the largest value.
 */
export function countBreaks(values: ReadonlyArray<number | null | undefined>): number[] {
  let max = 0;
  for (const v of values) if (v != null && Number.isFinite(v) && v > max) max = v;
  const step = Math.max(1, niceStep(max / 5));
  return [1, 2, 3, 4].map((i) => i * step);
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
  return Math.round(nice * pow);
}

function rateScale(metric: 'closureRate' | 'satisfactionRate'): ColorClass[] {
  const b = RATE_BREAKS[metric];
  // best first: [b0, ∞), [b1, b0), …, (−∞, b_last)
  return PALETTE.map((color, i) => ({
    color,
    min: i < b.length ? (b[i] ?? null) : null,
    max: i === 0 ? null : (b[i - 1] ?? null),
  }));
}

function countScale(breaks: number[]): ColorClass[] {
  // fewest first: (−∞, s1), [s1, s2), …, [s4, ∞)
  return PALETTE.map((color, i) => ({
    color,
    min: i === 0 ? null : (breaks[i - 1] ?? null),
    max: i < breaks.length ? (breaks[i] ?? null) : null,
  }));
}

function inClass(c: ColorClass, v: number): boolean {
  return (c.min == null || v >= c.min) && (c.max == null || v < c.max);
}

/** The scale for a metric; `values` are the values in view (only used for counts). */
export function scaleFor(
  metric: MapMetric,
  values: ReadonlyArray<number | null | undefined> = [],
): ColorScale {
  const classes = metric === 'open' ? countScale(countBreaks(values)) : rateScale(metric);
  return {
    metric,
    classes,
    noData: NO_DATA,
    colorOf(value) {
      if (value == null || !Number.isFinite(value)) return NO_DATA;
      for (const c of classes) if (inClass(c, value)) return c.color;
      return NO_DATA;
    },
  };
}

/** Same colour, other alpha (fills are subtle, lines and hover brighter). */
export function withAlpha(c: RGBA, alpha: number): RGBA {
  return [c[0], c[1], c[2], Math.round(Math.max(0, Math.min(255, alpha)))];
}

/** Legend text for a class: "≥ 98%", "95–98%", "< 85%", "0–4", "≥ 20". */
export function classLabel(c: ColorClass, metric: MapMetric): string {
  const f = (v: number) => (metric === 'open' ? String(v) : `${Math.round(v * 1000) / 10}`);
  const unit = metric === 'open' ? '' : '%';
  if (c.min == null && c.max != null)
    return metric === 'open' ? `0–${f(c.max - 1)}` : `< ${f(c.max)}${unit}`;
  if (c.max == null && c.min != null) return `≥ ${f(c.min)}${unit}`;
  if (c.min != null && c.max != null)
    return metric === 'open' && c.max - c.min === 1
      ? f(c.min)
      : metric === 'open'
        ? `${f(c.min)}–${f(c.max - 1)}`
        : `${f(c.min)}–${f(c.max)}${unit}`;
  return '';
}
