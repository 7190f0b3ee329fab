// The option builders against hand-made views: series lengths, values, labels, colours.
import { describe, expect, it } from 'vitest';
import { PROBLEM_CATEGORIES, STATION_KINDS } from '@shared/protocol';
import { STRINGS } from '../../client/i18n/strings';
import { trendOption, TREND_DAYS } from '../../client/charts/trend-option';
import { categoryOption } from '../../client/charts/category-option';
import { sourceOption } from '../../client/charts/source-option';
import { escalationShare, tierOption, TIER_COLORS } from '../../client/charts/tier-option';
import { stationOption, stationTotal } from '../../client/charts/station-option';
import { volunteerOption } from '../../client/charts/volunteer-option';
import { backlogOption } from '../../client/charts/backlog-option';
import { backlogRows } from '../../client/charts/ranking-rows';
import { chartSizes } from '../../client/charts/theme';
import { fixtureView, REGIONS } from './charts-fixture';

const ctx = { t: STRINGS.zh, rem: 16 };
const series = (o: unknown): any[] => (o as any).series;

describe('trend', () => {
  it('draws reported as bars and solved as a line, 30 days, dates as MM-DD', () => {
    const v = fixtureView();
    const o = trendOption(v.trend, ctx) as any;
    expect(series(o).map((s) => s.type)).toEqual(['bar', 'line', 'line']);
    expect(series(o)[0].data).toHaveLength(TREND_DAYS);
    expect(series(o)[0].data[0]).toBe(10);
    // Today is unfinished: a hollow dashed bar, and the solid line stops at yesterday; the
    // dashed step carries yesterday and today only.
    expect(series(o)[0].data[29]).toMatchObject({ itemStyle: { borderType: 'dashed' } });
    expect(series(o)[1].data[29]).toBeNull();
    expect(series(o)[1].data[28]).toBe(v.trend[28]!.solved);
    expect(series(o)[2].data.filter((x: unknown) => x !== null)).toEqual([v.trend[28]!.solved, 37]);
    expect(series(o)[2].lineStyle.type).toBe('dashed');
    expect(o.xAxis.data[29]).toBe('今日');
    expect(o.xAxis.data[0]).toBe('11-01');
    expect(o.legend.data).toEqual(['上报', '办结']);
  });

  it('keeps a fixed window: a longer trend shows only the last 30 days', () => {
    const v = fixtureView();
    const longer = [{ date: '2026-10-31', reported: 999, solved: 999 }, ...v.trend];
    expect(series(trendOption(longer, ctx))[0].data[0]).toBe(10);
  });

  it('labels every 7th day counting back from today, so today is always labelled', () => {
    const o = trendOption(fixtureView().trend, ctx) as any;
    const shown = o.xAxis.data.filter((_: string, i: number) => o.xAxis.axisLabel.interval(i));
    expect(shown).toEqual(['11-02', '11-09', '11-16', '11-23', '今日']);
  });

  it('reads from 5 m: axis labels at least 14 px at 1080p, twice that at 4K', () => {
    expect(
      (trendOption(fixtureView().trend, ctx) as any).xAxis.axisLabel.fontSize,
    ).toBeGreaterThanOrEqual(14);
    expect(chartSizes(32).axis).toBe(2 * chartSizes(16).axis);
  });
});

describe('categories, sources, tiers, stations', () => {
  it('categories: one bar per category, fixed order, Chinese names', () => {
    const o = categoryOption(fixtureView().windows.rolling30.categories, ctx) as any;
    expect(o.yAxis.data).toHaveLength(PROBLEM_CATEGORIES.length);
    expect(o.yAxis.data[0]).toBe('环境卫生');
    expect(series(o)[0].data.map((d: any) => d.value)).toEqual([30, 20, 10, 10, 10, 8, 7, 5]);
  });

  it('sources: a ring of five with the total in the centre and shares in the legend', () => {
    const o = sourceOption(fixtureView().windows.rolling30.sources, ctx) as any;
    expect(series(o)[0].type).toBe('pie');
    expect(series(o)[0].data).toHaveLength(5);
    expect(o.title.text).toBe('100');
    expect(o.legend.formatter('12345热线')).toBe('12345热线  20.0%');
    // Every source keeps its own colour.
    expect(new Set(series(o)[0].data.map((d: any) => d.itemStyle.color)).size).toBe(5);
  });

  it('sources: an empty window shows a dash, not NaN%', () => {
    const zero = { patrol: 0, resident: 0, hotline: 0, property: 0, party_member: 0 };
    expect((sourceOption(zero, ctx) as any).legend.formatter('网格巡查')).toBe('网格巡查  —');
  });

  it('tiers: four bars, warmer colour for a higher tier; escalation share', () => {
    const tiers = fixtureView().windows.rolling30.tiers;
    const o = tierOption(tiers, ctx) as any;
    expect(o.xAxis.data).toEqual(['网格', '社区', '街道', '区级部门']);
    expect(series(o)[0].data.map((d: any) => d.value)).toEqual([60, 25, 10, 5]);
    expect(JSON.stringify(series(o)[0].data[3].itemStyle.color)).toContain(TIER_COLORS.district);
    expect(escalationShare(tiers)).toBeCloseTo(0.15);
    expect(escalationShare({ grid: 0, community: 0, street: 0, district: 0 })).toBeNull();
  });

  it('tiers: every tier named; a long English name breaks onto two lines', () => {
    const o = tierOption(fixtureView().windows.rolling30.tiers, { ...ctx, t: STRINGS.en }) as any;
    expect(o.xAxis.axisLabel.interval).toBe(0);
    expect(o.xAxis.data.map(o.xAxis.axisLabel.formatter)).toEqual([
      'Grid',
      'Community',
      'Subdistrict',
      'District\ndept.',
    ]);
  });

  it('stations: seven kinds in fixed order, total', () => {
    const st = fixtureView().figures.stations;
    const o = stationOption(st, ctx) as any;
    expect(o.yAxis.data).toHaveLength(STATION_KINDS.length);
    expect(o.yAxis.data[0]).toBe('党群服务中心');
    expect(series(o)[0].data).toEqual([2, 5, 1, 1, 3, 1, 0]);
    expect(stationTotal(st)).toBe(13);
  });
});

describe('volunteers and backlog', () => {
  it('volunteers: hours bars on the left axis, check-ins and party reports on the right', () => {
    const o = volunteerOption(fixtureView().windows, ctx) as any;
    expect(o.xAxis.data).toEqual(['今日', '本月', '近30天']);
    expect(series(o)[0].data).toEqual([12, 400, 1234]);
    expect(series(o)[1].yAxisIndex).toBe(1);
    expect(series(o)[1].data).toEqual([6, 120, 300]);
    expect(series(o)[2].data).toEqual([1, 40, 40]);
  });

  it('backlog: most overdue first, overdue stacked under the rest, total open as label', () => {
    const v = fixtureView();
    const rows = backlogRows(
      v,
      REGIONS.filter((r) => r.parentId === 'D'),
      8,
    );
    expect(rows.map((r) => r.id)).toEqual(['S1', 'S2', 'S3']);
    const o = backlogOption(rows, ctx) as any;
    expect(series(o)[0].data).toEqual([1, 0, 0]);
    expect(series(o)[1].data).toEqual([3, 9, 0]);
    expect(series(o)[1].label.formatter({ dataIndex: 1 })).toBe('9');
  });
});
