// Service stations (服务阵地) by kind, in the fixed kind order.
import { STATION_KINDS, type StationKind } from '@shared/protocol';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

export function stationTotal(stations: Record<StationKind, number>): number {
  return STATION_KINDS.reduce((s, k) => s + (stations[k] ?? 0), 0);
}

export function stationOption(
  stations: Record<StationKind, number>,
  { t, rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  const bar = s.bar * 0.9;
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 0.2, 2.6, 0.2, 0.2),
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: STATION_KINDS.map((k) => t.station[k]),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, fontSize: s.axis },
    },
    series: [
      {
        type: 'bar',
        barWidth: bar,
        showBackground: true,
        backgroundStyle: { color: 'rgba(120,170,220,0.08)', borderRadius: bar / 2 },
        itemStyle: {
          color: gradient('rgba(45,225,194,0.1)', COLORS.teal, true),
          borderRadius: bar / 2,
        },
        data: STATION_KINDS.map((k) => stations[k] ?? 0),
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
