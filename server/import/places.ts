// Where a row's problem sits: a grid id, or street / community / grid names, or coordinates in a
// declared datum placed by point-in-polygon. A row that names its community and nothing finer is
// placed at the community (未落网格: in no grid). A named place that does not match is a rejection
// with its reason, never a quiet fallback to the level above.
import type { GeoJSONFeatureCollection, RegionInfo } from '../../shared/protocol';
import { type Datum, gridLocator, parsePosition } from './place-geometry';

export type PlaceReason =
  | 'unknown_street'
  | 'unknown_community'
  | 'unknown_grid'
  | 'ambiguous_community'
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
  /** placeId: a grid, or a community when the row names no grid and gives no position. */
  | { ok: true; placeId: string; position?: [number, number] }
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

type Regions = GeoJSONFeatureCollection<RegionInfo>;

export interface PlaceMatcher {
  match(input: PlaceInput): PlaceResult;
}

/** The regions looked up by id, by name under a parent, and by point. */
interface PlaceIndex {
  byId: Map<string, RegionInfo>;
  named: (parentId: string, name: string) => string[];
  districtId: string;
  communitiesByName: Map<string, string[]>;
  gridAt: (p: [number, number]) => string | undefined;
  datum: Datum;
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

function placeIndex(fc: Regions, datum: Datum): PlaceIndex {
  const infos = fc.features.map((f) => f.properties);
  const communitiesByName = new Map<string, string[]>();
  for (const r of infos)
    if (r.level === 'community') {
      const n = normalizePlaceName(r.name);
      communitiesByName.set(n, [...(communitiesByName.get(n) ?? []), r.id]);
    }
  return {
    byId: new Map(infos.map((r) => [r.id, r])),
    named: childIndex(infos),
    districtId: infos.find((r) => r.level === 'district')?.id ?? '',
    communitiesByName,
    gridAt: gridLocator(fc),
    datum,
  };
}

/**
 * The community the street and community cells name: its id, '' for a street alone, undefined
 * for neither, or the rejection when a named one does not match exactly one region.
 */
function community(ix: PlaceIndex, input: PlaceInput): PlaceResult | string | undefined {
  let streetId: string | undefined;
  if (input.street?.trim()) {
    const hits = ix.named(ix.districtId, input.street);
    if (hits.length !== 1)
      return { ok: false, reason: 'unknown_street', column: 'street', value: input.street };
    streetId = hits[0];
  }
  if (!input.community?.trim()) return streetId ? '' : undefined;
  const hits = streetId
    ? ix.named(streetId, input.community)
    : (ix.communitiesByName.get(normalizePlaceName(input.community)) ?? []);
  if (hits.length === 0)
    return { ok: false, reason: 'unknown_community', column: 'community', value: input.community };
  if (hits.length > 1)
    return {
      ok: false,
      reason: 'ambiguous_community',
      column: 'community',
      value: input.community,
    };
  return hits[0];
}

/** A grid named under its community; a position given too must fall inside it. */
function namedGrid(
  ix: PlaceIndex,
  input: PlaceInput,
  gridCell: string,
  c: string | undefined,
  pos: [number, number] | undefined,
): PlaceResult {
  const hits = c ? ix.named(c, gridCell) : [];
  if (hits.length !== 1)
    return { ok: false, reason: 'unknown_grid', column: 'grid', value: input.grid! };
  if (pos && ix.gridAt(pos) !== hits[0])
    return {
      ok: false,
      reason: 'position_not_in_named_place',
      column: 'lon',
      value: pos.join(','),
    };
  return { ok: true, placeId: hits[0]!, position: pos };
}

/** A grid found by its position; a community named too must be the grid's (or its street's). */
function gridByPosition(ix: PlaceIndex, pos: [number, number], c: string | undefined): PlaceResult {
  const g = ix.gridAt(pos);
  if (!g) return { ok: false, reason: 'outside_district', column: 'lon', value: pos.join(',') };
  const named = c === undefined ? undefined : c || undefined;
  const lineage = [ix.byId.get(g)?.parentId, ix.byId.get(ix.byId.get(g)?.parentId ?? '')?.parentId];
  if (named && !lineage.includes(named))
    return {
      ok: false,
      reason: 'position_not_in_named_place',
      column: 'lon',
      value: pos.join(','),
    };
  return { ok: true, placeId: g, position: pos };
}

/** No grid and no position: the named community is the place, else say which cell fell short. */
function communityOrNothing(input: PlaceInput, c: string | undefined): PlaceResult {
  if (c) return { ok: true, placeId: c };
  if (c === '') return { ok: false, reason: 'no_place', column: 'street', value: input.street! };
  return { ok: false, reason: 'no_place', column: 'grid', value: '' };
}

function match(ix: PlaceIndex, input: PlaceInput): PlaceResult {
  const gridCell = input.grid?.normalize('NFKC').trim();
  if (gridCell && ix.byId.get(gridCell)?.level === 'grid') return { ok: true, placeId: gridCell };
  const c = community(ix, input);
  if (typeof c === 'object') return c;
  const pos = parsePosition(input, ix.datum);
  if (pos === 'bad')
    return {
      ok: false,
      reason: 'bad_coordinates',
      column: 'lon',
      value: `${input.lon ?? ''},${input.lat ?? ''}`,
    };
  if (gridCell) return namedGrid(ix, input, gridCell, c, pos);
  if (pos) return gridByPosition(ix, pos, c);
  return communityOrNothing(input, c);
}

export function createPlaceMatcher(fc: Regions, datum: Datum): PlaceMatcher {
  const ix = placeIndex(fc, datum);
  return { match: (input) => match(ix, input) };
}
