// Where a row's problem sits: a grid id, or street / community / grid names, or coordinates in a
// declared datum placed by point-in-polygon. A named place that does not match is a rejection
// with its reason, never a quiet fallback to the level above.
import gcoord from 'gcoord';
import { booleanPointInPolygon, bbox as turfBbox } from '@turf/turf';
import type { GeoJSONFeatureCollection, RegionInfo } from '../../shared/protocol';

export const DATUMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];

export type PlaceReason =
  | 'unknown_street'
  | 'unknown_community'
  | 'unknown_grid'
  | 'ambiguous_community'
  | 'community_only_not_supported_yet'
  | 'outside_district'
  | 'position_not_in_named_place'
  | 'bad_coordinates'
  | 'no_place';

export interface PlaceInput {
  street?: string;
  community?: string;
  grid?: string;
  lon?: string;
  lat?: string;
}

export type PlaceResult =
  | { ok: true; gridId: string; position?: [number, number] }
  | { ok: false; reason: PlaceReason; column: keyof PlaceInput; value: string };

// Longest first: 社区居民委员会 must go before 居民委员会 and 社区.
const SUFFIXES = [
  '街道办事处',
  '社区居民委员会',
  '社区居委会',
  '居民委员会',
  '村民委员会',
  '街道办',
  '居委会',
  '村委会',
  '街道',
  '社区',
  '网格',
].sort((a, b) => b.length - a.length);

/** Full-width → ASCII, no spaces, committee suffixes and a leading 第 gone: 第１网格 = 1. */
export function normalizePlaceName(name: string): string {
  let s = name.normalize('NFKC').replace(/\s+/g, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const suf of SUFFIXES)
      if (s.length > suf.length && s.endsWith(suf)) {
        s = s.slice(0, -suf.length);
        changed = true;
      }
  }
  return s.replace(/^第(?=\d)/, '');
}

type Polygonal = Parameters<typeof booleanPointInPolygon>[1];
type Regions = GeoJSONFeatureCollection<RegionInfo>;

export interface PlaceMatcher {
  match(input: PlaceInput): PlaceResult;
}

function childIndex(regions: RegionInfo[]) {
  const byParent = new Map<string, Map<string, string[]>>();
  for (const r of regions) {
    const key = r.parentId ?? '';
    let m = byParent.get(key);
    if (!m) byParent.set(key, (m = new Map<string, string[]>()));
    const n = normalizePlaceName(r.name);
    m.set(n, [...(m.get(n) ?? []), r.id]);
  }
  return (parentId: string, name: string) =>
    byParent.get(parentId)?.get(normalizePlaceName(name)) ?? [];
}

export function createPlaceMatcher(fc: Regions, datum: Datum): PlaceMatcher {
  const infos = fc.features.map((f) => f.properties);
  const byId = new Map(infos.map((r) => [r.id, r]));
  const named = childIndex(infos);
  const district = infos.find((r) => r.level === 'district');
  const communitiesByName = new Map<string, string[]>();
  for (const r of infos)
    if (r.level === 'community') {
      const n = normalizePlaceName(r.name);
      communitiesByName.set(n, [...(communitiesByName.get(n) ?? []), r.id]);
    }
  const grids = fc.features
    .filter((f) => f.properties.level === 'grid' && f.geometry.type !== 'Point')
    .map((f) => ({
      id: f.properties.id,
      geom: f.geometry as Polygonal,
      box: turfBbox(f.geometry as Polygonal),
    }));

  function gridAt([lon, lat]: [number, number]): string | undefined {
    for (const g of grids) {
      const [w, s, e, n] = g.box;
      if (lon < w || lon > e || lat < s || lat > n) continue;
      if (booleanPointInPolygon([lon, lat], g.geom)) return g.id;
    }
    return undefined;
  }

  function position(input: PlaceInput): [number, number] | 'bad' | undefined {
    const lonS = input.lon?.normalize('NFKC').trim();
    const latS = input.lat?.normalize('NFKC').trim();
    if (!lonS && !latS) return undefined;
    const lon = Number(lonS);
    const lat = Number(latS);
    if (
      !lonS ||
      !latS ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      Math.abs(lon) > 180 ||
      Math.abs(lat) > 90
    )
      return 'bad';
    if (datum === 'wgs84') return [lon, lat];
    const from = datum === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
    const [x, y] = gcoord.transform<[number, number]>([lon, lat], from, gcoord.WGS84);
    return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
  }

  function community(input: PlaceInput): PlaceResult | string | undefined {
    let streetId: string | undefined;
    if (input.street?.trim()) {
      const hits = named(district?.id ?? '', input.street);
      if (hits.length !== 1)
        return { ok: false, reason: 'unknown_street', column: 'street', value: input.street };
      streetId = hits[0];
    }
    if (!input.community?.trim()) return streetId ? '' : undefined;
    const hits = streetId
      ? named(streetId, input.community)
      : (communitiesByName.get(normalizePlaceName(input.community)) ?? []);
    if (hits.length === 0)
      return {
        ok: false,
        reason: 'unknown_community',
        column: 'community',
        value: input.community,
      };
    if (hits.length > 1)
      return {
        ok: false,
        reason: 'ambiguous_community',
        column: 'community',
        value: input.community,
      };
    return hits[0];
  }

  return {
    match(input) {
      const gridCell = input.grid?.normalize('NFKC').trim();
      if (gridCell && byId.get(gridCell)?.level === 'grid') return { ok: true, gridId: gridCell };
      const c = community(input);
      if (typeof c === 'object') return c;
      const pos = position(input);
      if (pos === 'bad')
        return {
          ok: false,
          reason: 'bad_coordinates',
          column: 'lon',
          value: `${input.lon ?? ''},${input.lat ?? ''}`,
        };
      if (gridCell) {
        const hits = c ? named(c, gridCell) : [];
        if (hits.length !== 1)
          return { ok: false, reason: 'unknown_grid', column: 'grid', value: input.grid! };
        if (pos && gridAt(pos) !== hits[0])
          return {
            ok: false,
            reason: 'position_not_in_named_place',
            column: 'lon',
            value: pos.join(','),
          };
        return { ok: true, gridId: hits[0]!, position: pos };
      }
      if (pos) {
        const g = gridAt(pos);
        if (!g)
          return { ok: false, reason: 'outside_district', column: 'lon', value: pos.join(',') };
        const named = c === undefined ? undefined : c || undefined;
        const lineage = [byId.get(g)?.parentId, byId.get(byId.get(g)?.parentId ?? '')?.parentId];
        if (named && !lineage.includes(named))
          return {
            ok: false,
            reason: 'position_not_in_named_place',
            column: 'lon',
            value: pos.join(','),
          };
        return { ok: true, gridId: g, position: pos };
      }
      if (c)
        return {
          ok: false,
          reason: 'community_only_not_supported_yet',
          column: 'community',
          value: input.community!,
        };
      if (c === '')
        return { ok: false, reason: 'no_place', column: 'street', value: input.street! };
      return { ok: false, reason: 'no_place', column: 'grid', value: '' };
    },
  };
}
