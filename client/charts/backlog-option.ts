// Open problems per child region, the overdue part in red: where things are late.
import { NOT_IN_GRID_ROW, type BacklogRow } from './ranking-rows';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

export function backlogOption(rows: BacklogRow[], { t, rem }: ChartContext): ChartOption {
  const s = chartSizes(rem);
  const bar = s.bar * 0.85;
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 1.9, 2.6, 0.2, 0.2),
    legend: {
      top: 0,
      right: 0,
      itemWidth: rem * 0.9,
      itemHeight: rem * 0.6,
      textStyle: { color: COLORS.text, fontSize: s.label },
      data: [t.overdue, t.inTime],
    },
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      triggerEvent: true,
      data: rows.map((r) => r.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: {
        color: COLORS.text,
        fontSize: s.axis,
        // The 未落网格 row is no grid: its name is set apart, as in the ranking.
        formatter: (name: string, i: number) =>
          rows[i]?.id === NOT_IN_GRID_ROW ? `{apart|${name}}` : name,
        rich: { apart: { color: COLORS.amber, fontSize: s.axis } },
      },
    },
    series: [
      {
        name: t.overdue,
        type: 'bar',
        stack: 'open',
        barWidth: bar,
        itemStyle: { color: COLORS.red },
        data: rows.map((r) => r.overdue),
      },
      {
        name: t.inTime,
        type: 'bar',
        stack: 'open',
        barWidth: bar,
        itemStyle: { color: gradient('rgba(255,176,32,0.35)', COLORS.amber, true) },
        data: rows.map((r) => Math.max(0, r.open - r.overdue)),
        label: {
          show: true,
          position: 'right',
          color: COLORS.text,
          fontSize: s.label,
          fontWeight: 'bold',
          formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex]?.open ?? ''),
        },
      },
    ],
  };
}
