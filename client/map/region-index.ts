// Lookups over the static GeoBundle, built once per bundle (WeakMap) and memoised per query, so
// the layer builders get the SAME array for the same (level, scope): deck.gl compares `data` by
// reference, and a new array would re-tessellate 1,205 grid polygons.
import type { GeoBundle, RegionInfo, RegionLevel } from '@shared/protocol';

export type RegionFeature = GeoBundle['regions']['features'][number];
export type StationFeature = GeoBundle['stations']['features'][number];
export type Bounds = [[number, number], [number, number]];

export interface RegionIndex {
  byId: Map<string, RegionFeature>;
  district: RegionFeature | null;
  /** Features of `level` whose ancestor chain contains `withinId` (or all when withinId is null). */
  features(level: RegionLevel, withinId: string | null): RegionFeature[];
  /** [[west, south], [east, north]] of a region, or null when unknown. */
  bounds(id: string): Bounds | null;
  /** True when `id` is `ancestorId` or lies inside it. */
  isWithin(id: string, ancestorId: string): boolean;
  /** Every character of every place name: a stable character set for the label font atlas. */
  characters: string[];
}

const cache = new WeakMap<GeoBundle, RegionIndex>();

export function regionIndex(geo: GeoBundle): RegionIndex {
  let idx = cache.get(geo);
  if (!idx) {
    idx = build(geo);
    cache.set(geo, idx);
  }
  return idx;
}

function ringBounds(coords: unknown, b: [number, number, number, number]): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const [x, y] = coords as [number, number];
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
    return;
  }
  for (const c of coords) ringBounds(c, b);
}

export function featureBounds(f: { geometry: { coordinates: unknown } }): Bounds | null {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  ringBounds(f.geometry.coordinates, b);
  if (!Number.isFinite(b[0])) return null;
  return [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
}

function build(geo: GeoBundle): RegionIndex {
  const byId = new Map<string, RegionFeature>();
  for (const f of geo.regions.features) byId.set(f.properties.id, f);
  const district = geo.regions.features.find((f) => f.properties.level === 'district') ?? null;

  const parentOf = (p: RegionInfo) => p.parentId;
  const isWithin = (id: string, ancestorId: string): boolean => {
    let cur: string | null = id;
    for (let guard = 0; cur != null && guard < 16; guard++) {
      if (cur === ancestorId) return true;
      const f = byId.get(cur);
      cur = f ? parentOf(f.properties) : null;
    }
    return false;
  };

  const memo = new Map<string, RegionFeature[]>();
  const features = (level: RegionLevel, withinId: string | null): RegionFeature[] => {
    const key = `${level}|${withinId ?? ''}`;
    let list = memo.get(key);
    if (!list) {
      list = geo.regions.features.filter(
        (f) =>
          f.properties.level === level && (withinId == null || isWithin(f.properties.id, withinId)),
      );
      memo.set(key, list);
    }
    return list;
  };

  const boundsMemo = new Map<string, Bounds | null>();
  const bounds = (id: string): Bounds | null => {
    if (!boundsMemo.has(id)) {
      const f = byId.get(id);
      boundsMemo.set(id, f ? featureBounds(f) : null);
    }
    return boundsMemo.get(id) ?? null;
  };

  // '…' ends a label cut short (layers/label-text.ts).
  const chars = new Set<string>('0123456789·第网格…');
  for (const f of geo.regions.features) for (const c of f.properties.name) chars.add(c);
  for (const f of geo.context.features) for (const c of f.properties.name) chars.add(c);

  return { byId, district, features, bounds, isWithin, characters: [...chars].sort() };
}
