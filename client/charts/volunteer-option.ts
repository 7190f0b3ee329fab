// Volunteer service by window: hours as bars (left axis), check-ins and party-member reports as
// lines (right axis) — two magnitudes, so two axes rather than one squashed scale.
import type { WindowMetrics, WindowName } from '@shared/protocol';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

/** The windows the chart compares; the year is a headline tile instead (it dwarfs the rest). */
export const VOLUNTEER_WINDOWS = [
  'today',
  'month',
  'rolling30',
] as const satisfies readonly WindowName[];

export function volunteerOption(
  windows: Record<WindowName, WindowMetrics>,
  { t, rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  const names = { today: t.today, month: t.month, rolling30: t.last30 };
  const axisLabel = { color: COLORS.textDim, fontSize: s.axis };
  const split = { lineStyle: { color: COLORS.split } };
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 2.2, 0.2, 0.2, 0.2),
    legend: {
      top: 0,
      right: 0,
      itemWidth: rem * 0.9,
      itemHeight: rem * 0.6,
      textStyle: { color: COLORS.text, fontSize: s.label },
      data: [t.volunteerHours, t.volunteerCheckins, t.partyReports],
    },
    xAxis: {
      type: 'category',
      data: VOLUNTEER_WINDOWS.map((w) => names[w]),
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, fontSize: s.axis },
    },
    yAxis: [
      { type: 'value', splitNumber: 3, axisLabel, splitLine: split },
      { type: 'value', splitNumber: 3, minInterval: 1, axisLabel, splitLine: { show: false } },
    ],
    series: [
      {
        name: t.volunteerHours,
        type: 'bar',
        barWidth: '32%',
        data: VOLUNTEER_WINDOWS.map((w) => Math.round(windows[w].volunteerHours)),
        itemStyle: {
          color: gradient('rgba(45,225,194,0.1)', COLORS.teal),
          borderRadius: [rem * 0.2, rem * 0.2, 0, 0],
        },
      },
      {
        name: t.volunteerCheckins,
        type: 'line',
        yAxisIndex: 1,
        symbolSize: rem * 0.45,
        data: VOLUNTEER_WINDOWS.map((w) => windows[w].volunteerCheckins),
        lineStyle: { color: COLORS.cyan, width: Math.max(2, rem * 0.12) },
        itemStyle: { color: COLORS.cyan },
      },
      {
        name: t.partyReports,
        type: 'line',
        yAxisIndex: 1,
        symbolSize: rem * 0.45,
        data: VOLUNTEER_WINDOWS.map((w) => windows[w].partyReports),
        lineStyle: { color: COLORS.amber, width: Math.max(2, rem * 0.12) },
        itemStyle: { color: COLORS.amber },
      },
    ],
  };
}
