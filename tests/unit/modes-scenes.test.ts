import { describe, expect, it } from 'vitest';
import { expandScenes } from '../../client/modes/scenes';
import type { RegionInfo } from '@shared/protocol';

const r = (
  id: string,
  level: RegionInfo['level'],
  parentId: string | null,
  name: string,
): RegionInfo => ({
  id,
  level,
  parentId,
  name,
  synthetic: false,
  center: [104, 30.7],
});
const regions = [
  r('D', 'district', null, '示例区'),
  r('S1', 'street', 'D', '甲街道'),
  r('S2', 'street', 'D', '乙街道'),
  r('C1', 'community', 'S1', '一社区'),
  r('C2', 'community', 'S2', '二社区'),
];

describe('scene expansion', () => {
  it('expands `each` into one scene per region, in dataset order, with its own focus', () => {
    const scenes = expandScenes(
      {
        version: 1,
        scenes: [
          { id: 'overview', title: '全区概览', durationSeconds: 20 },
          { each: 'street', durationSeconds: 8 },
        ],
      },
      regions,
    );
    expect(scenes.map((s) => s.id)).toEqual(['overview', 'street-S1', 'street-S2']);
    expect(scenes[0]).toMatchObject({
      focus: { level: 'district', id: 'D' },
      durationMs: 20_000,
      title: '全区概览',
    });
    expect(scenes[2]).toMatchObject({
      focus: { level: 'street', id: 'S2' },
      durationMs: 8_000,
      title: '乙街道',
    });
  });

  it('keeps only listed regions and drops annotations and focus on unknown ids', () => {
    const scenes = expandScenes(
      {
        version: 1,
        scenes: [
          {
            each: 'community',
            only: ['C2'],
            title: '示范社区',
            annotations: [{ regionId: 'C2', text: '样板' }],
          },
          {
            focus: { level: 'street', id: 'nope' },
            annotations: [{ regionId: 'nope', text: 'x' }],
          },
        ],
      },
      regions,
    );
    expect(scenes).toHaveLength(2);
    expect(scenes[0]).toMatchObject({
      title: '示范社区 · 二社区',
      annotations: [{ regionId: 'C2', text: '样板' }],
    });
    expect(scenes[1]).toMatchObject({ focus: { level: 'district', id: 'D' }, annotations: [] });
  });
});
