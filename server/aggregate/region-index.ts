// Static facts of the loaded district: who is whose parent, each region's figures, which grid a
// point falls in. Built once from the dataset; the aggregator and ingest ask it, never the files.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { bbox as turfBbox } from '@turf/bbox';
import { STATION_KINDS } from '../../shared/protocol';
import type { RegionFigures, RegionInfo, StationInfo, StationKind } from '../../shared/protocol';
import type { Dataset } from '../dataset/types';

type Geometry = Dataset['regions']['features'][number]['geometry'];
type Polygonal = Parameters<typeof booleanPointInPolygon>[1];

export interface RegionIndex {
  districtId: string;
  regions: Map<string, RegionInfo>;
  /** The region and its ancestors, leaf first (grid, community, street, district). */
  lineage(regionId: string): string[];
  children(regionId: string): RegionInfo[];
  figures(regionId: string): RegionFigures;
  stations: Map<string, StationInfo & { position: [number, number] }>;
  /** The grid containing a WGS84 point, or undefined outside the district. */
  gridAt(position: [number, number]): string | undefined;
  /** Whether a point lies in the grid or within `toleranceDeg` of it (a GPS fix off the edge). */
  inGrid(gridId: string, position: [number, number], toleranceDeg: number): boolean;
  /** "街道 · 社区 · 网格" (or "街道 · 社区" for a problem in no grid) for the ticker. */
  placeLabel(placeId: string): string;
  /** The grid (null: placed at the community, 未落网格), community and street of a place. */
  placeOf(placeId: string): Readonly<PlaceParts>;
}

export interface PlaceParts {
  gridId: string | null;
  communityId: string;
  streetId: string;
}

/** Where a problem may be placed: a grid, or a community when the report names no grid. */
export function isPlaceLevel(level: RegionInfo['level'] | undefined): boolean {
  return level === 'grid' || level === 'community';
}

function emptyStations(): Record<StationKind, number> {
  return Object.fromEntries(STATION_KINDS.map((k) => [k, 0])) as Record<StationKind, number>;
}

function emptyFigures(): RegionFigures {
  return {
    households: 0,
    population: 0,
    grids: 0,
    gridMembers: 0,
    volunteers: 0,
    partyMembers: 0,
    stations: emptyStations(),
  };
}

export function buildRegionIndex(ds: Dataset): RegionIndex {
  const regions = new Map<string, RegionInfo>();
  const geometry = new Map<string, Geometry>();
  for (const f of ds.regions.features) {
    regions.set(f.properties.id, f.properties);
    geometry.set(f.properties.id, f.geometry);
  }
  const district = [...regions.values()].find((r) => r.level === 'district');
  if (!district) throw new Error('regions.geojson: no region of level "district"');

  const lineages = new Map<string, string[]>();
  const lineage = (id: string): string[] => {
    let l = lineages.get(id);
    if (l) return l;
    l = [];
    for (let cur = regions.get(id); cur; cur = cur.parentId ? regions.get(cur.parentId) : undefined)
      l.push(cur.id);
    lineages.set(id, l);
    return l;
  };

  const childrenOf = new Map<string, RegionInfo[]>();
  for (const r of regions.values()) {
    if (!r.parentId) continue;
    const list = childrenOf.get(r.parentId) ?? [];
    list.push(r);
    childrenOf.set(r.parentId, list);
  }

  const figures = new Map<string, RegionFigures>();
  const fig = (id: string) => {
    let f = figures.get(id);
    if (!f) figures.set(id, (f = emptyFigures()));
    return f;
  };
  for (const g of ds.figures) {
    for (const id of lineage(g.gridId)) {
      const f = fig(id);
      f.households += g.households;
      f.population += g.population;
      f.grids += 1;
      f.gridMembers += g.gridMembers;
      f.volunteers += g.volunteers;
      f.partyMembers += g.partyMembers;
    }
  }
  const stations = new Map<string, StationInfo & { position: [number, number] }>();
  for (const s of ds.stations.features) {
    const p = s.properties;
    const position = s.geometry.coordinates as [number, number];
    stations.set(p.id, { ...p, position });
    for (const id of lineage(p.regionId)) fig(id).stations[p.kind] += 1;
  }

  const grids: Array<{ id: string; geom: Polygonal; box: [number, number, number, number] }> = [];
  for (const r of regions.values()) {
    const geom = geometry.get(r.id);
    if (r.level === 'grid' && geom && geom.type !== 'Point')
      grids.push({
        id: r.id,
        geom: geom,
        box: turfBbox(geom) as [number, number, number, number],
      });
  }
  // Every report's check and every live event asks these of its place: looked up, not searched.
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const labels = new Map<string, string>();
  const places = new Map<string, Readonly<PlaceParts>>();

  return {
    districtId: district.id,
    regions,
    lineage,
    children: (id) => childrenOf.get(id) ?? [],
    figures: (id) => figures.get(id) ?? emptyFigures(),
    stations,
    gridAt([lon, lat]) {
      for (const g of grids) {
        const [w, s, e, n] = g.box;
        if (lon < w || lon > e || lat < s || lat > n) continue;
        if (booleanPointInPolygon([lon, lat], g.geom)) return g.id;
      }
      return undefined;
    },
    inGrid(gridId, [lon, lat], tol) {
      const g = gridById.get(gridId);
      if (!g) return true; // a grid drawn as a point: nothing to check against
      const [w, s, e, n] = g.box;
      if (lon < w - tol || lon > e + tol || lat < s - tol || lat > n + tol) return false;
      const d = tol * Math.SQRT1_2;
      const probes: Array<[number, number]> = [
        [0, 0],
        [tol, 0],
        [-tol, 0],
        [0, tol],
        [0, -tol],
        [d, d],
        [d, -d],
        [-d, d],
        [-d, -d],
      ];
      return probes.some(([dx, dy]) => booleanPointInPolygon([lon + dx, lat + dy], g.geom));
    },
    placeLabel(placeId) {
      let label = labels.get(placeId);
      if (label === undefined) {
        label = lineage(placeId)
          .filter((id) => regions.get(id)?.level !== 'district')
          .reverse()
          .map((id) => regions.get(id)?.name ?? id)
          .join(' · ');
        labels.set(placeId, label);
      }
      return label;
    },
    placeOf(placeId) {
      let parts = places.get(placeId);
      if (!parts) {
        const at = (level: RegionInfo['level']) =>
          lineage(placeId).find((id) => regions.get(id)?.level === level);
        parts = Object.freeze({
          gridId: at('grid') ?? null,
          communityId: at('community') ?? '',
          streetId: at('street') ?? '',
        });
        places.set(placeId, parts);
      }
      return parts;
    },
  };
}
