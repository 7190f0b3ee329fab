// Problem categories over the last 30 days: horizontal bars in the fixed category order, so a
// category never jumps rows while the wall is watched.
import { PROBLEM_CATEGORIES, type ProblemCategory } from '@shared/protocol';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, SERIES, chartSizes, fitGrid, gradient } from './theme';

export function categoryOption(
  categories: Record<ProblemCategory, number>,
  { t, rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  const values = PROBLEM_CATEGORIES.map((c) => categories[c] ?? 0);
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 0.2, 3.4, 0.2, 0.2),
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: PROBLEM_CATEGORIES.map((c) => t.category[c]),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, fontSize: s.axis },
    },
    series: [
      {
        type: 'bar',
        barWidth: s.bar,
        showBackground: true,
        backgroundStyle: { color: 'rgba(120,170,220,0.08)', borderRadius: s.bar / 2 },
        data: values.map((value, i) => ({
          value,
          itemStyle: {
            color: gradient('rgba(0,0,0,0)', SERIES[i % SERIES.length]!, true),
            borderRadius: s.bar / 2,
          },
        })),
        label: {
          show: true,
          position: 'right',
          color: COLORS.text,
          fontSize: s.label,
          fontWeight: 'bold',
        },
      },
    ],
  };
}
