import { describe, expect, it } from 'vitest';
import {
  childLevel,
  childrenOf,
  headline,
  regionTree,
  scopePath,
} from '../../client/screen/scope-data';
import { fixtureGeo, fixtureView } from './charts-fixture';

describe('scope data', () => {
  it('builds the region tree once per geo bundle', () => {
    const geo = fixtureGeo();
    expect(regionTree(geo)).toBe(regionTree(geo));
    expect(childrenOf(geo, 'D').map((r) => r.id)).toEqual(['S1', 'S2', 'S3']);
    expect(childrenOf(geo, 'C11')).toEqual([]);
  });

  it('gives the breadcrumb path from the district down to the scope', () => {
    const geo = fixtureGeo();
    expect(scopePath(geo, { level: 'community', id: 'C12' }).map((r) => r.name)).toEqual([
      '金牛区',
      '西安路街道',
      '西安中路社区',
    ]);
    expect(scopePath(geo, { level: 'district', id: 'D' })).toHaveLength(1);
    expect(scopePath(geo, { level: 'street', id: 'nope' })).toEqual([]);
  });

  it('knows the level below', () => {
    expect(childLevel('district')).toBe('street');
    expect(childLevel('community')).toBe('grid');
    expect(childLevel('grid')).toBeNull();
  });

  it('headline: solved this year, satisfaction this year, stations summed, volunteers', () => {
    expect(headline(fixtureView())).toEqual({
      solved: 3657,
      satisfactionRate: 0.9123,
      stations: 13,
      volunteers: 321,
    });
  });
});
