import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import gcoord from 'gcoord';
import type { GeoJSONFeatureCollection, RegionInfo } from '../../shared/protocol';
import { createPlaceMatcher, normalizePlaceName } from '../../server/import/places';
import { tinyGridIds, tinyRegions } from '../fixtures/tiny-dataset';

const fcRegions = {
  type: 'FeatureCollection',
  features: tinyRegions(),
} as unknown as GeoJSONFeatureCollection<RegionInfo>;
const wgs = createPlaceMatcher(fcRegions, 'wgs84');
const G = tinyGridIds(); // street 1: 999901001, community 001 → grids G01 (lon 104.00–104.01), G02

const wide = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe('place names', () => {
  it('strip full-width digits, spaces and committee suffixes alike', () => {
    expect(normalizePlaceName('测试１ 街道办事处')).toBe('测试1');
    expect(normalizePlaceName('测试11社区居民委员会')).toBe('测试11');
    expect(normalizePlaceName('测试11社区居委会')).toBe('测试11');
    expect(normalizePlaceName('第１网格')).toBe('1');
  });

  it('match street / community / grid names to the dataset', () => {
    expect(
      wgs.match({ street: '测试1街道办事处', community: '测试11社区居委会', grid: '第２网格' }),
    ).toEqual({
      ok: true,
      gridId: G[1],
    });
    expect(wgs.match({ community: '测试22 社区', grid: '第1网格' })).toEqual({
      ok: true,
      gridId: G[6],
    });
    expect(wgs.match({ grid: G[3] })).toEqual({ ok: true, gridId: G[3] });
  });

  it('reject a named place that does not match, never falling back', () => {
    expect(
      wgs.match({ street: '不存在街道', community: '测试11社区', grid: '第1网格' }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_street',
    });
    expect(
      wgs.match({ street: '测试1街道', community: '测试21社区', grid: '第1网格' }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_community',
    });
    expect(
      wgs.match({ street: '测试1街道', community: '测试11社区', grid: '第9网格' }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_grid',
    });
    expect(wgs.match({ street: '测试1街道', community: '测试11社区' })).toMatchObject({
      ok: false,
      reason: 'community_only_not_supported_yet',
    });
    expect(wgs.match({})).toMatchObject({ ok: false, reason: 'no_place' });
    expect(wgs.match({ lon: '105', lat: '30.7' })).toMatchObject({
      ok: false,
      reason: 'outside_district',
    });
    expect(wgs.match({ lon: 'abc', lat: '30.7' })).toMatchObject({
      ok: false,
      reason: 'bad_coordinates',
    });
    expect(wgs.match({ community: '测试21社区', lon: '104.005', lat: '30.705' })).toMatchObject({
      ok: false,
      reason: 'position_not_in_named_place',
    });
  });

  it('property: a point inside a grid, in any declared datum and full-width, lands in that grid', () => {
    const matchers = {
      wgs84: wgs,
      gcj02: createPlaceMatcher(fcRegions, 'gcj02'),
      bd09: createPlaceMatcher(fcRegions, 'bd09'),
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.constantFrom('wgs84', 'gcj02', 'bd09'),
        fc.boolean(),
        (k, fx, fy, datum, fullWidth) => {
          // Grid k of tinyRegions: street k>>2, community (k>>1)&1, grid k&1; 0.01° squares.
          const lon = 104.0 + 0.02 * (k >> 2) + 0.01 * (k & 1) + 0.01 * fx;
          const lat = 30.7 + 0.01 * ((k >> 1) & 1) + 0.01 * fy;
          const from = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 }[datum];
          const [x, y] = gcoord.transform<[number, number]>([lon, lat], gcoord.WGS84, from);
          const s = (n: number) => (fullWidth ? wide(n.toFixed(8)) : n.toFixed(8));
          const r = matchers[datum].match({ lon: s(x), lat: s(y) });
          expect(r).toMatchObject({ ok: true, gridId: G[k] });
        },
      ),
    );
  });

  it('property: names survive suffixes, spaces and full width', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom('', '街道办事处', '街道'),
        fc.constantFrom('', '社区居委会', '社区居民委员会', '居委会'),
        fc.boolean(),
        (k, streetSuffix, communitySuffix, spaced) => {
          const sp = spaced ? ' ' : '';
          const r = wgs.match({
            street: wide(`测试${(k >> 2) + 1}`) + sp + streetSuffix,
            community: `${sp}测试${(k >> 2) + 1}${((k >> 1) & 1) + 1}${communitySuffix}`,
            grid: wide(`第${(k & 1) + 1}网格`),
          });
          expect(r).toEqual({ ok: true, gridId: G[k] });
        },
      ),
    );
  });
});
