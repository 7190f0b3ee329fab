// Tiered response over 30 days: who took the problems, grid → district department. Warmer colour
// for a higher tier: a problem that reaches a district department is the one leaders ask about.
import { RESPONSE_TIERS, type ResponseTier } from '@shared/protocol';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

export const TIER_COLORS: Record<ResponseTier, string> = {
  grid: COLORS.teal,
  community: COLORS.cyan,
  street: COLORS.amber,
  district: COLORS.red,
};

/** Share of responses that went to the street or higher ("street blows the whistle"). */
export function escalationShare(tiers: Record<ResponseTier, number>): number | null {
  const total = RESPONSE_TIERS.reduce((s, k) => s + (tiers[k] ?? 0), 0);
  if (total === 0) return null;
  return ((tiers.street ?? 0) + (tiers.district ?? 0)) / total;
}

/** A tier's axis label in lines narrow enough for a quarter of the panel: after each slash of
 * a mixed level (Community/Village) and at the space of a long part (District dept.). */
export function tierLines(name: string): string {
  if (name.length <= 9) return name;
  return name
    .split('/')
    .map((part) => (part.length > 10 ? part.replace(' ', '\n') : part))
    .join('/\n');
}

export function tierOption(
  tiers: Record<ResponseTier, number>,
  { t, rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 1.8, 0.4, 0.2, 0.4),
    xAxis: {
      type: 'category',
      data: RESPONSE_TIERS.map((k) => t.tier[k]),
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisTick: { show: false },
      // Every tier named (never auto-hidden); a long name (English) breaks into short lines.
      axisLabel: { color: COLORS.text, fontSize: s.axis, interval: 0, formatter: tierLines },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      axisLabel: { color: COLORS.textDim, fontSize: s.axis },
      splitLine: { lineStyle: { color: COLORS.split } },
    },
    series: [
      {
        type: 'bar',
        barWidth: '38%',
        data: RESPONSE_TIERS.map((k) => ({
          value: tiers[k] ?? 0,
          itemStyle: {
            color: gradient('rgba(0,0,0,0.05)', TIER_COLORS[k]),
            borderRadius: [rem * 0.2, rem * 0.2, 0, 0],
          },
        })),
        label: {
          show: true,
          position: 'top',
          color: COLORS.text,
          fontSize: s.label,
          fontWeight: 'bold',
        },
      },
    ],
  };
}
