// The geometry half of place matching: coordinates read in their declared datum, and the grid
// polygon a point falls in (bounding boxes first, so most grids cost four comparisons).
import { DATUMS, type Datum } from '../../shared/admin-api';
import gcoord from 'gcoord';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { bbox as turfBbox } from '@turf/bbox';
import type { GeoJSONFeatureCollection, RegionInfo } from '../../shared/protocol';

type Polygonal = Parameters<typeof booleanPointInPolygon>[1];

/** The id of the grid whose polygon holds a WGS-84 point, undefined outside every grid. */
export function gridLocator(
  fc: GeoJSONFeatureCollection<RegionInfo>,
): (p: [number, number]) => string | undefined {
  const grids = fc.features
    .filter((f) => f.properties.level === 'grid' && f.geometry.type !== 'Point')
    .map((f) => ({
      id: f.properties.id,
      geom: f.geometry as Polygonal,
      box: turfBbox(f.geometry as Polygonal),
    }));
  return ([lon, lat]) => {
    for (const g of grids) {
      const [w, s, e, n] = g.box;
      if (lon < w || lon > e || lat < s || lat > n) continue;
      if (booleanPointInPolygon([lon, lat], g.geom)) return g.id;
    }
    return undefined;
  };
}

/** A row's lon/lat cells as a WGS-84 point; 'bad' when either is missing or not a coordinate. */
export function parsePosition(
  input: { lon?: string; lat?: string },
  datum: Datum,
): [number, number] | 'bad' | undefined {
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

export { DATUMS, type Datum };
