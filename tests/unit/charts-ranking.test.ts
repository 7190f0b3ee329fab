import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../client/i18n/strings';
import { rankRows } from '../../client/charts/ranking-rows';
import { rankAxisMin, rankingOption } from '../../client/charts/ranking-option';
import { fixtureView, REGIONS } from './charts-fixture';

const ctx = { t: STRINGS.zh, rem: 16 };
const streets = REGIONS.filter((r) => r.parentId === 'D');

describe('ranking of child regions', () => {
  it('ranks by closure rate, regions with nothing to rate last', () => {
    const rows = rankRows(fixtureView(), streets, 'closureRate', 10);
    expect(rows.map((r) => r.name)).toEqual(['西安路街道', '荷花池街道', '茶店子街道']);
    expect(rows[2]!.value).toBeNull();
  });

  it('follows the map metric: satisfaction, open problems', () => {
    expect(rankRows(fixtureView(), streets, 'satisfactionRate', 10)[0]!.id).toBe('S2');
    expect(rankRows(fixtureView(), streets, 'open', 10).map((r) => r.value)).toEqual([9, 4, 0]);
  });

  it('cuts to the limit', () => {
    expect(rankRows(fixtureView(), streets, 'closureRate', 2)).toHaveLength(2);
  });

  it('draws percent bars with one decimal and rank badges, top three highlighted', () => {
    const rows = rankRows(fixtureView(), streets, 'closureRate', 10);
    const o = rankingOption(rows, 'closureRate', ctx) as any;
    expect(o.yAxis.data).toEqual(['西安路街道', '荷花池街道', '茶店子街道']);
    expect(o.series[0].data).toEqual([98, 90, 0]);
    expect(o.series[0].label.formatter({ dataIndex: 0 })).toBe('98.0%');
    expect(o.series[0].label.formatter({ dataIndex: 2 })).toBe('—');
    expect(o.yAxis.axisLabel.formatter('西安路街道', 0)).toBe('{top|1} 西安路街道');
    expect(o.yAxis.axisLabel.formatter('x', 3)).toBe('{rank|4} x');
    expect(o.yAxis.triggerEvent).toBe(true);
    expect(o.xAxis.max).toBe(100);
  });

  it('counts (open problems) are plain numbers from zero', () => {
    const rows = rankRows(fixtureView(), streets, 'open', 10);
    const o = rankingOption(rows, 'open', ctx) as any;
    expect(o.series[0].data).toEqual([9, 4, 0]);
    expect(o.series[0].label.formatter({ dataIndex: 0 })).toBe('9');
    expect(o.xAxis.min).toBe(0);
  });

  it('starts rate bars below the lowest value so differences near 100 % show', () => {
    expect(rankAxisMin([98, 97.5, null], 'closureRate')).toBe(90);
    expect(rankAxisMin([60, 99], 'closureRate')).toBe(50);
    expect(rankAxisMin([3, 9], 'open')).toBe(0);
    expect(rankAxisMin([null], 'satisfactionRate')).toBe(0);
  });
});
