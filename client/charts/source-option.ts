// Where problems come from (12345 hotline, patrol, residents, property companies, party members):
// a ring with the 30-day total in its centre and a legend that carries each share.
import { PROBLEM_SOURCES, type ProblemSource } from '@shared/protocol';
import { int } from '../util/format';
import type { ChartContext, ChartOption } from './option-types';
import { ANIMATION, COLORS, FONT_FAMILY, SERIES, chartSizes } from './theme';

export function sourceOption(
  sources: Record<ProblemSource, number>,
  { t, rem }: ChartContext,
): ChartOption {
  const s = chartSizes(rem);
  const values = PROBLEM_SOURCES.map((k) => sources[k] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  const share = new Map(
    PROBLEM_SOURCES.map((k, i) => [
      t.source[k],
      total > 0 ? `${((values[i]! / total) * 100).toFixed(1)}%` : '—',
    ]),
  );
  return {
    ...ANIMATION,
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: int(total),
      subtext: t.last30,
      left: '27%',
      top: 'middle',
      textAlign: 'center',
      itemGap: rem * 0.2,
      textStyle: { color: COLORS.cyan, fontSize: s.big, fontWeight: 'bold' },
      subtextStyle: { color: COLORS.textDim, fontSize: s.axis },
    },
    legend: {
      orient: 'vertical',
      right: rem * 0.4,
      top: 'middle',
      itemWidth: rem * 0.7,
      itemHeight: rem * 0.7,
      itemGap: rem * 0.55,
      icon: 'circle',
      textStyle: { color: COLORS.text, fontSize: s.label },
      formatter: (name: string) => `${name}  ${share.get(name) ?? ''}`,
    },
    series: [
      {
        type: 'pie',
        center: ['28%', '50%'],
        radius: ['58%', '80%'],
        avoidLabelOverlap: true,
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: COLORS.panel, borderWidth: Math.max(1, rem * 0.12) },
        data: PROBLEM_SOURCES.map((k, i) => ({
          name: t.source[k],
          value: values[i]!,
          itemStyle: { color: SERIES[i % SERIES.length] },
        })),
      },
    ],
  };
}
