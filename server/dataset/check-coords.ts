// Is a position WGS84 lon/lat? Three mistakes are common enough to name: projected metres (Web
// Mercator, CGCS2000 Gauss–Krüger) pasted in as degrees, lat/lon written in the wrong order, and
// points far from the district. The bbox test also catches swaps that stay in range (lat < 90).

export type BBox = [number, number, number, number];

/** Points may sit this far outside the dataset bbox (≈1 km), e.g. a station across a border road. */
export const BBOX_MARGIN = 0.01;

const fmt = (p: readonly number[]) => `[${p.slice(0, 2).join(', ')}]`;

function inBox(lon: number, lat: number, b: BBox, margin: number): boolean {
  return (
    lon >= b[0] - margin && lon <= b[2] + margin && lat >= b[1] - margin && lat <= b[3] + margin
  );
}

/** What is wrong with one position, or null. `bbox` (the dataset's) also flags far points. */
export function positionFault(p: readonly number[], bbox?: BBox): string | null {
  const [lon, lat] = p as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat))
    return `position ${fmt(p)} is not two numbers`;
  if (Math.abs(lon) > 360 || Math.abs(lat) > 360)
    return `position ${fmt(p)} looks like projected metres, not WGS84 lon/lat degrees`;
  if (Math.abs(lat) > 90)
    return Math.abs(lon) <= 90
      ? `position ${fmt(p)} has latitude ${lat} > 90: lon/lat swapped (write [lon, lat])`
      : `position ${fmt(p)} has latitude ${lat} outside ±90`;
  if (Math.abs(lon) > 180) return `position ${fmt(p)} has longitude ${lon} outside ±180`;
  if (bbox && !inBox(lon, lat, bbox, BBOX_MARGIN)) {
    if (inBox(lat, lon, bbox, BBOX_MARGIN))
      return `position ${fmt(p)} is lat/lon: lon/lat swapped (write [lon, lat])`;
    return `position ${fmt(p)} is outside the dataset bbox ${fmt(bbox.slice(0, 2))}–${fmt(bbox.slice(2))}`;
  }
  return null;
}

/** Calls `visit` with every position of a geometry's coordinates, however deeply nested. */
function eachPosition(coords: unknown, visit: (p: number[]) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') return visit(coords as number[]);
  for (const c of coords) eachPosition(c, visit);
}

/** One message per geometry: the first bad position, and how many share the fault. */
export function geometryFault(coords: unknown, bbox?: BBox): string | null {
  // Assigned in the callback, where narrowing cannot follow.
  let first = null as string | null;
  let bad = 0;
  let total = 0;
  eachPosition(coords, (p) => {
    total++;
    const fault = positionFault(p, bbox);
    if (fault) {
      bad++;
      first ??= fault;
    }
  });
  if (!first) return null;
  return bad === 1 ? first : `${first} (and ${bad - 1} more of ${total} positions)`;
}

export function validBBox(b: unknown): b is BBox {
  if (!Array.isArray(b) || b.length !== 4 || !b.every((x) => Number.isFinite(x))) return false;
  const [w, s, e, n] = b as BBox;
  return w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n;
}
