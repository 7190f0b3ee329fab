// Ranking of the scope's child regions by the map's metric (closure rate, satisfaction or open
// problems): rank badges, names, capsule bars, the figure at the end. Rows are clickable
// (the component maps dataIndex → region id and drills down).
import type { MapMetric } from '@shared/protocol';
import { NOT_IN_GRID_ROW, type RankRow } from './ranking-rows';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, chartSizes, fitGrid, gradient } from './theme';

const isRate = (m: MapMetric) => m !== 'open';

/** Rough rendered width of a label: CJK glyphs are square, Latin about 0.6 em. */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2e80-\uffff]/.test(ch) ? 1 : 0.6;
  return em * fontSize;
}

/** Bar value of a row: rates in percent with one decimal, counts as they are. */
export function rankValue(row: RankRow, metric: MapMetric): number | null {
  if (row.value == null) return null;
  return isRate(metric) ? Math.round(row.value * 1000) / 10 : row.value;
}

/** Where the bars start: rates near 100 % need a floor or every bar looks full and equal. */
export function rankAxisMin(values: Array<number | null>, metric: MapMetric): number {
  if (!isRate(metric)) return 0;
  const present = values.filter((v): v is number => v != null);
  if (present.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...present) - 5) / 10) * 10);
}

export function rankingOption(
  rows: RankRow[],
  metric: MapMetric,
  { rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  const values = rows.map((r) => rankValue(r, metric));
  const rate = isRate(metric);
  const color =
    metric === 'open' ? COLORS.amber : metric === 'satisfactionRate' ? COLORS.teal : COLORS.cyan;
  const bar = s.bar * 0.85;
  const badgeWidth = s.axis * 1.5;
  const badge = (bg: string) => ({
    width: badgeWidth,
    height: s.axis * 1.3,
    align: 'center' as const,
    borderRadius: rem * 0.15,
    backgroundColor: bg,
    color: '#fff',
    fontSize: s.axis,
    fontWeight: 'bold' as const,
  });
  const nameColumn =
    Math.ceil(Math.max(0, ...rows.map((r) => labelWidth(r.name, s.axis))) + badgeWidth) + rem * 0.8;
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: fitGrid(rem, 0.2, 3.8, 0.2, 0.2),
    xAxis: {
      type: 'value',
      show: false,
      min: rankAxisMin(values, metric),
      max: rate ? 100 : undefined,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      // Clicks on the names drill down too, not only clicks on the thin bars.
      triggerEvent: true,
      data: rows.map((r) => r.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: {
        color: COLORS.text,
        fontSize: s.axis,
        // Left-aligned so the rank badges form a column whatever the names' lengths.
        align: 'left',
        margin: nameColumn,
        // The 未落网格 row is no grid: it gets no rank, and its name is set apart.
        formatter: (name: string, i: number) =>
          rows[i]?.id === NOT_IN_GRID_ROW
            ? `{none|–} {apart|${name}}`
            : `{${i < 3 ? 'top' : 'rank'}|${i + 1}} ${name}`,
        rich: {
          top: badge('rgba(255,176,32,0.85)'),
          rank: badge('rgba(58,139,255,0.45)'),
          none: badge('rgba(120,170,220,0.15)'),
          apart: { color: COLORS.amber, fontSize: s.axis },
        },
      },
    },
    series: [
      {
        type: 'bar',
        barWidth: bar,
        showBackground: true,
        backgroundStyle: { color: 'rgba(120,170,220,0.08)', borderRadius: bar / 2 },
        itemStyle: { color: gradient('rgba(0,0,0,0)', color, true), borderRadius: bar / 2 },
        data: values.map((v) => v ?? 0),
        label: {
          show: true,
          position: 'right',
          color: COLORS.text,
          fontSize: s.label,
          fontWeight: 'bold',
          formatter: (p: { dataIndex: number }) => {
            const v = values[p.dataIndex];
            return v == null ? '—' : rate ? `${v.toFixed(1)}%` : String(v);
          },
        },
      },
    ],
  };
}
