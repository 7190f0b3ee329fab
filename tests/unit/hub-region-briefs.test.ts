// Which region briefs a scope's screen gets: every street and community, and only the grids its
// map can fill (none at district scope; a street's or community's own; a grid's siblings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { buildRegionIndex, type RegionIndex } from '../../server/aggregate/region-index';
import { briefFilter, pickBriefs } from '../../server/hub/region-briefs';
import type { RegionBrief, RegionRef } from '../../shared/protocol';
import { TINY_DISTRICT_ID, TINY_STREET_IDS, tinyDatasetDir } from '../fixtures/tiny-dataset';

let dir: string;
let index: RegionIndex;
beforeAll(async () => {
  dir = await tinyDatasetDir();
  index = buildRegionIndex(await loadValidDataset(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brief: RegionBrief = {
  reported: 1,
  solved: 0,
  closureRate: 0,
  satisfactionRate: null,
  open: 1,
  overdue: 0,
};
const all = () => Object.fromEntries([...index.regions.keys()].map((id) => [id, brief]));
const kept = (scope: RegionRef) => Object.keys(pickBriefs(all(), briefFilter(scope, index)));
const ofLevel = (level: string) => [...index.regions.values()].filter((r) => r.level === level);
const gridsUnder = (id: string) =>
  ofLevel('grid')
    .filter((g) => index.lineage(g.id).includes(id))
    .map((g) => g.id);

describe('region briefs per scope', () => {
  it('a district screen gets every region but the grids', () => {
    const ids = kept({ level: 'district', id: TINY_DISTRICT_ID });
    expect(ids.sort()).toEqual(
      [...index.regions.values()]
        .filter((r) => r.level !== 'grid')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('a street, a community and a grid get the grids their map fills, and no others', () => {
    const street = TINY_STREET_IDS[0];
    const community = ofLevel('community').find((c) => c.parentId === street)!;
    const grid = ofLevel('grid').find((g) => g.parentId === community.id)!;
    const gridsOf = (ids: string[]) => ids.filter((id) => index.regions.get(id)?.level === 'grid');
    expect(gridsOf(kept({ level: 'street', id: street })).sort()).toEqual(
      gridsUnder(street).sort(),
    );
    expect(gridsOf(kept({ level: 'community', id: community.id })).sort()).toEqual(
      gridsUnder(community.id).sort(),
    );
    expect(gridsOf(kept({ level: 'grid', id: grid.id })).sort()).toEqual(
      gridsUnder(community.id).sort(),
    );
    expect(gridsUnder(street).length).toBeGreaterThan(0);
    // Every street and community, whatever the scope (backdrop, tooltips, annotations).
    expect(kept({ level: 'grid', id: grid.id })).toEqual(
      expect.arrayContaining([...ofLevel('street'), ...ofLevel('community')].map((r) => r.id)),
    );
  });

  it('drops ids that are not regions of the district', () => {
    const keep = briefFilter({ level: 'street', id: TINY_STREET_IDS[0] }, index);
    expect(keep('nowhere')).toBe(false);
  });
});
