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
      placeId: G[1],
    });
    expect(wgs.match({ community: '测试22 社区', grid: '第1网格' })).toEqual({
      ok: true,
      placeId: G[6],
    });
    expect(wgs.match({ grid: G[3] })).toEqual({ ok: true, placeId: G[3] });
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
    // A community named alone must match as exactly as one named with its grid.
    expect(wgs.match({ street: '测试1街道', community: '测试21社区' })).toMatchObject({
      ok: false,
      reason: 'unknown_community',
    });
    expect(wgs.match({ community: '测试99社区' })).toMatchObject({
      ok: false,
      reason: 'unknown_community',
    });
    expect(wgs.match({ street: '测试1街道' })).toMatchObject({ ok: false, reason: 'no_place' });
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

  it('place a row that names its community and no grid at the community (未落网格)', () => {
    expect(wgs.match({ street: '测试1街道', community: '测试12社区' })).toEqual({
      ok: true,
      placeId: '999901001002',
    });
    expect(wgs.match({ community: '测试22社区居委会' })).toEqual({
      ok: true,
      placeId: '999901002002',
    });
    // With a position the grid is found (and must be in the community), as before.
    expect(wgs.match({ community: '测试11社区', lon: '104.005', lat: '30.705' })).toEqual({
      ok: true,
      placeId: G[0],
      position: [104.005, 30.705],
    });
  });

  it('property: a community named without a grid lands there, or the row is rejected', () => {
    const communities = ['999901001001', '999901001002', '999901002001', '999901002002'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('', '社区', '社区居委会', '居民委员会'),
        fc.boolean(),
        fc.boolean(),
        (k, streetOf, suffix, withStreet, fullWidth) => {
          // Community k is 测试{s}{c}社区 under street s; streetOf names street 1, 2, or none known.
          const name = `测试${(k >> 1) + 1}${(k & 1) + 1}${suffix}`;
          const street = streetOf < 2 ? `测试${streetOf + 1}街道` : '测试9街道';
          const r = wgs.match({
            community: fullWidth ? wide(name) : name,
            ...(withStreet ? { street } : {}),
          });
          if (!withStreet || streetOf === k >> 1)
            expect(r).toEqual({ ok: true, placeId: communities[k] });
          else
            expect(r).toMatchObject({
              ok: false,
              reason: streetOf < 2 ? 'unknown_community' : 'unknown_street',
            });
        },
      ),
      { seed: 16, numRuns: 300 },
    );
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
          expect(r).toMatchObject({ ok: true, placeId: G[k] });
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
          expect(r).toEqual({ ok: true, placeId: G[k] });
        },
      ),
    );
  });
});
