// 30-day trend of problems reported (bars) and solved (line), oldest left, today right. Today is
// not over: its bar is drawn hollow and the line's last step dashed, so a leader at 9 am does not
// read a collapse into the right edge of the chart.
import type { DailyPoint } from '@shared/protocol';
import { shortDay } from '../util/format';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

export const TREND_DAYS = 30;

export function trendOption(trend: DailyPoint[], { t, rem }: ChartContext): ChartOption {
  // A fixed-length window: the chart never grows or shifts its bar width as days arrive.
  const days = trend.slice(-TREND_DAYS);
  const s = chartSizes(rem);
  const last = days.length - 1;
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 2.2, 0.8, 0.2, 0.2),
    legend: {
      top: 0,
      right: 0,
      itemWidth: rem * 0.9,
      itemHeight: rem * 0.6,
      textStyle: { color: COLORS.text, fontSize: s.label },
      data: [t.reported, t.solvedShort],
    },
    xAxis: {
      type: 'category',
      data: days.map((d, i) => (i === last ? t.today : shortDay(d.date))),
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisTick: { show: false },
      axisLabel: {
        color: COLORS.textDim,
        fontSize: s.axis,
        // Every 7th day and today: five labels that never collide at any wall size.
        interval: (i: number) => (last - i) % 7 === 0,
      },
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
        name: t.reported,
        type: 'bar',
        barWidth: '55%',
        data: days.map((d, i) =>
          i === last
            ? {
                value: d.reported,
                itemStyle: {
                  color: 'rgba(58,139,255,0.12)',
                  borderColor: 'rgba(58,139,255,0.9)',
                  borderType: 'dashed',
                  borderWidth: Math.max(1, rem * 0.08),
                },
              }
            : d.reported,
        ),
        itemStyle: {
          color: gradient('rgba(58,139,255,0.15)', 'rgba(58,139,255,0.9)'),
          borderRadius: [rem * 0.15, rem * 0.15, 0, 0],
        },
      },
      {
        name: t.solvedShort,
        type: 'line',
        smooth: true,
        symbol: 'none',
        data: days.map((d, i) => (i === last ? null : d.solved)),
        lineStyle: {
          color: COLORS.cyan,
          width: Math.max(2, rem * 0.15),
          shadowBlur: rem * 0.6,
          shadowColor: COLORS.cyan,
        },
        itemStyle: { color: COLORS.cyan },
        areaStyle: { color: gradient('rgba(0,229,255,0)', 'rgba(0,229,255,0.28)') },
      },
      {
        // Yesterday → today so far, dashed; same name, so the legend shows one entry.
        name: t.solvedShort,
        type: 'line',
        symbol: 'circle',
        symbolSize: rem * 0.35,
        data: days.map((d, i) => (i >= last - 1 ? d.solved : null)),
        lineStyle: { color: COLORS.cyan, width: Math.max(2, rem * 0.12), type: 'dashed' },
        itemStyle: { color: COLORS.cyan },
      },
    ],
  };
}
