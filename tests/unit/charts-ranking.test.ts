import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../client/i18n/strings';
import { backlogRows, NOT_IN_GRID_ROW, rankRows } from '../../client/charts/ranking-rows';
import { backlogOption } from '../../client/charts/backlog-option';
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

  it('ends a community with its problems in no grid (未落网格): unranked, set apart, never cut', () => {
    const unplaced = {
      reported: 4,
      solved: 1,
      closureRate: 0.25,
      satisfactionRate: null,
      open: 3,
      overdue: 1,
    };
    const v = { ...fixtureView(), unplaced };
    const rows = rankRows(v, streets, 'open', 3, '未落网格');
    expect(rows.map((r) => [r.id, r.value])).toEqual([
      ['S2', 9],
      ['S1', 4],
      [NOT_IN_GRID_ROW, 3],
    ]);
    // The children's rows plus this one add up to the scope's figure.
    expect(rankRows(v, streets, 'open', 10, '未落网格').reduce((s, r) => s + r.value!, 0)).toBe(16);
    const o = rankingOption(rows, 'open', ctx) as any;
    expect(o.yAxis.axisLabel.formatter('未落网格', 2)).toBe('{none|–} {apart|未落网格}');
    expect(rankRows(v, streets, 'closureRate', 10, '未落网格').at(-1)!.value).toBe(0.25);
    const backlog = backlogRows(v, streets, 8, '未落网格');
    expect(backlog.at(-1)).toEqual({ id: NOT_IN_GRID_ROW, name: '未落网格', open: 3, overdue: 1 });
    expect((backlogOption(backlog, ctx) as any).yAxis.axisLabel.formatter('未落网格', 3)).toBe(
      '{apart|未落网格}',
    );
    // Nothing in no grid: no row.
    const none = { ...unplaced, reported: 0, solved: 0, closureRate: null, open: 0, overdue: 0 };
    expect(rankRows({ ...v, unplaced: none }, streets, 'open', 10, '未落网格')).toHaveLength(3);
    expect(backlogRows({ ...v, unplaced: none }, streets, 8, '未落网格')).toHaveLength(3);
  });
});
