// The wall's palette and type scale for charts. Sizes are functions of the rem (px) so a chart on
// a 4K wall draws 2× type natively instead of being zoomed.

export const COLORS = {
  text: '#cfe8ff',
  textDim: '#7fa3c7',
  axis: 'rgba(120, 170, 220, 0.35)',
  split: 'rgba(120, 170, 220, 0.12)',
  cyan: '#00e5ff',
  teal: '#2de1c2',
  blue: '#3a8bff',
  amber: '#ffb020',
  red: '#ff5b5b',
  green: '#3ddc84',
  purple: '#9b7bff',
  panel: '#061a33',
} as const;

/** Categorical series colours, in a fixed order so a category keeps its colour on every wall. */
export const SERIES = [
  '#00e5ff',
  '#2de1c2',
  '#3a8bff',
  '#ffb020',
  '#9b7bff',
  '#ff7aa8',
  '#7ee081',
  '#8aa4c8',
] as const;

export const FONT_FAMILY =
  '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

export interface ChartSizes {
  /** Axis labels: ≥ 14 px at 1080p (read from 5 m). */
  axis: number;
  /** Value labels on bars and legend entries. */
  label: number;
  /** Emphasised in-chart figures (a ring's centre). */
  big: number;
  /** Bar thickness. */
  bar: number;
}

export function chartSizes(rem: number): ChartSizes {
  const px = (r: number) => Math.round(r * rem * 10) / 10;
  return { axis: px(0.9), label: px(0.95), big: px(1.6), bar: px(0.7) };
}

/** A vertical-to-horizontal gradient ECharts understands, without importing echarts here. */
export function gradient(from: string, to: string, horizontal = false) {
  return {
    type: 'linear' as const,
    x: 0,
    y: horizontal ? 0 : 1,
    x2: horizontal ? 1 : 0,
    y2: 0,
    colorStops: [
      { offset: 0, color: from },
      { offset: 1, color: to },
    ],
  };
}

/** Small update animations: live data moves, it does not dance (no animation storms). */
export const ANIMATION = {
  animationDuration: 600,
  animationDurationUpdate: 300,
  animationEasingUpdate: 'cubicOut' as const,
};

/**
 * A cartesian grid whose margins (in rem) hold the axis labels inside them: ECharts shrinks the
 * plot instead of letting a long (or English) label spill out of the panel.
 */
export function fitGrid(rem: number, top: number, right: number, bottom: number, left: number) {
  return {
    top: rem * top,
    right: rem * right,
    bottom: rem * bottom,
    left: rem * left,
    outerBoundsMode: 'same' as const,
    outerBoundsContain: 'axisLabel' as const,
  };
}
