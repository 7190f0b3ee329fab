// How the wall is laid out at a given window size. Pure, so every wall size is unit-tested.
// Sizes are in rem and the root font-size is the scale: text is laid out (and rasterised) at the
// real size, never a bitmap zoom of a fixed 1920 canvas.

/** The design reference: a 1920×1080 panel with a 16 px rem. */
export const DESIGN_W = 1920;
export const DESIGN_H = 1080;
export const DESIGN_REM = 16;

/** Splice walls (3840×1080, 5760×1080, …) from this aspect on spread panel columns instead. */
export const WIDE_ASPECT = 2.5;
/** From this aspect on three columns per side (5760×1080 is 5.33). */
export const WIDER_ASPECT = 4.5;

/** Below this the text stops being readable anyway; keep a floor so nothing collapses. */
const MIN_REM = 8;

export interface Fit {
  /** Root font-size in px: everything on the wall is sized in rem. */
  rem: number;
  /** Panel columns on each side of the map. */
  columnsPerSide: 1 | 2 | 3;
  /** Width of one side column, in rem. */
  columnRem: number;
  /** The window in rem (how much room the layout has). */
  widthRem: number;
  heightRem: number;
}

export function computeFit(width: number, height: number): Fit {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  const aspect = w / h;
  // Scale by the tighter dimension; on a splice wall that is the height, so one 1080-high cell
  // keeps the 1080p type size and the extra width becomes extra columns, not letterbox bars.
  const rem = Math.max(MIN_REM, Math.min(w / DESIGN_W, h / DESIGN_H) * DESIGN_REM);
  const widthRem = w / rem;
  const heightRem = h / rem;
  const columnsPerSide: Fit['columnsPerSide'] =
    aspect >= WIDER_ASPECT ? 3 : aspect >= WIDE_ASPECT ? 2 : 1;
  // Side columns take at most ~60 % of a splice wall, the map the rest; 28 rem (448 px at 1080p)
  // is the narrowest column whose charts still read from 5 m.
  const columnRem =
    columnsPerSide === 1 ? 28 : clamp((widthRem * 0.6) / (2 * columnsPerSide), 28, 40);
  return { rem: round3(rem), columnsPerSide, columnRem: round3(columnRem), widthRem, heightRem };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
