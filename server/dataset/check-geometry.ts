// Region geometry: rings that cross themselves, and children that do not tile their parent
// (street → communities → grids). Coordinates are rounded to 6 decimals (≈0.1 m), so shared
// edges never match exactly; every area test therefore allows a band BAND_M wide along the
// boundaries involved, which is far above rounding noise and far below any real mistake
// (a wrong parent, a GCJ-02 child in a WGS84 parent: hundreds of metres).
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { mismatchArea } from './tiling-residual';
import type { DatasetProblem } from './types';

export type Area = Feature<Polygon | MultiPolygon, { id: string; level: string }>;

export const BAND_M = 0.5;
/** A label point or station may sit this close outside its region (it was rounded). */
export const NEAR_M = 1;

const FILE = 'regions.geojson';
const m2 = (x: number) => `${Math.round(x).toLocaleString('en-US')} m²`;
const pct = (part: number, whole: number) =>
  `${((100 * part) / whole).toFixed(part < whole / 100 ? 2 : 0)}%`;

const vertexKey = (x: number, y: number) => `${Math.round(x * 1e7)},${Math.round(y * 1e7)}`;

/**
 * Points where edges of the feature cross. A ring may touch itself or another ring at a vertex
 * (the real 金牛区 outline has zero-width spikes and a pinched enclave, valid for area and
 * drawing), so intersections that fall on a vertex are not reported. Not caught: a figure-eight
 * whose crossing is itself a vertex on both passes; its area then fails the tiling test instead.
 */
export function crossings(f: Area): number[][] {
  const vertices = new Set<string>();
  const rings =
    f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const ring of rings) for (const p of ring) vertices.add(vertexKey(p[0]!, p[1]!));
  return turf
    .kinks(f)
    .features.map((k) => k.geometry.coordinates)
    .filter((c) => !vertices.has(vertexKey(c[0]!, c[1]!)));
}

export function unclosedRing(f: Area): number | null {
  const rings =
    f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  const i = rings.findIndex((r) => {
    const a = r[0]!;
    const b = r[r.length - 1]!;
    return a[0] !== b[0] || a[1] !== b[1];
  });
  return i < 0 ? null : i;
}

/** Inside, or within NEAR_M of the boundary. */
export function near(point: number[], f: Area): boolean {
  if (turf.booleanPointInPolygon(point, f)) return true;
  return turf.pointToPolygonDistance(point, f, { units: 'meters' }) <= NEAR_M;
}

const fc = (fs: Area[]) => turf.featureCollection(fs);

interface Measured {
  index: number;
  f: Area;
  area: number;
  perimeter: number;
}

function measure(index: number, f: Area): Measured {
  return { index, f, area: turf.area(f), perimeter: turf.length(f, { units: 'meters' }) };
}

function outsideOf(child: Measured, parent: Area): number {
  const inter = turf.intersect(fc([child.f, parent]));
  return child.area - (inter ? turf.area(inter) : 0);
}

function overlapOf(a: Measured, b: Measured): number {
  const [aw, as, ae, an] = turf.bbox(a.f);
  const [bw, bs, be, bn] = turf.bbox(b.f);
  if (aw > be || bw > ae || as > bn || bs > an) return 0;
  const inter = turf.intersect(fc([a.f, b.f]));
  return inter ? turf.area(inter) : 0;
}

/**
 * The sweep of the edges left uncancelled (tiling-residual.ts) certifies a parent when the area
 * it finds is below this share of the smallest band: it is exact up to rounding, and the share
 * leaves room for the few m² by which it and polyclip's union differ on a district.
 */
const CERTAIN = 0.5;

/**
 * Children must tile their parent: none reaches outside it, none overlaps a sibling, together
 * they leave no gap. A parent whose children's boundaries cancel its own (all but a sliver) is
 * done after one sweep of the edges left over; otherwise union and intersection are computed
 * once per parent, and pairs and single children are examined only when a total is off.
 */
export function checkTiling(
  parentIndex: number,
  parentF: Area,
  childIdx: Array<[number, Area]>,
): DatasetProblem[] {
  const out: DatasetProblem[] = [];
  const parent = measure(parentIndex, parentF);
  const kids = childIdx.map(([i, f]) => measure(i, f));
  const what = `${kids[0]!.f.properties.level === 'community' ? 'communities' : `${kids[0]!.f.properties.level}s`}`;
  const name = (m: Measured) => `${m.f.properties.level} ${m.f.properties.id}`;
  const sum = kids.reduce((s, k) => s + k.area, 0);
  const kidsPerimeter = kids.reduce((s, k) => s + k.perimeter, 0);
  const mismatch = mismatchArea(
    parent.f.geometry,
    kids.map((k) => k.f.geometry),
  );
  // Overlap, outside and gap are each at most the mismatch: every test below would pass.
  if (
    mismatch !== null &&
    mismatch <= CERTAIN * BAND_M * Math.min(parent.perimeter, kidsPerimeter / 2)
  )
    return out;
  const union =
    kids.length === 1 ? kids[0]!.f : turf.union<Area['properties']>(fc(kids.map((k) => k.f)));
  const unionArea = union ? turf.area(union) : 0;
  const inter = union ? turf.intersect(fc([union, parent.f])) : null;
  const inside = inter ? turf.area(inter) : 0;

  if (unionArea - inside > BAND_M * parent.perimeter) {
    let named = 0;
    for (const k of kids) {
      const outside = outsideOf(k, parent.f);
      if (outside <= BAND_M * k.perimeter) continue;
      named++;
      out.push({
        file: FILE,
        index: k.index,
        message: `${name(k)} lies outside its parent ${name(parent)} (#${parent.index}): ${m2(outside)}, ${pct(outside, k.area)} of its area`,
      });
    }
    if (!named)
      out.push({
        file: FILE,
        index: parent.index,
        message: `its ${what} reach ${m2(unionArea - inside)} beyond ${name(parent)}`,
      });
  }

  if (sum - unionArea > (BAND_M * kidsPerimeter) / 2) {
    let named = 0;
    kids.forEach((a, i) =>
      kids.slice(i + 1).forEach((b) => {
        const overlap = overlapOf(a, b);
        if (overlap <= BAND_M * Math.min(a.perimeter, b.perimeter)) return;
        named++;
        out.push({
          file: FILE,
          index: b.index,
          message: `${name(b)} overlaps ${name(a)} (#${a.index}) by ${m2(overlap)}`,
        });
      }),
    );
    if (!named)
      out.push({
        file: FILE,
        index: parent.index,
        message: `its ${what} overlap each other by ${m2(sum - unionArea)} in all`,
      });
  }

  const gap = parent.area - inside;
  if (gap > BAND_M * (parent.perimeter + kidsPerimeter / 2))
    out.push({
      file: FILE,
      index: parent.index,
      message: `${m2(gap)} (${pct(gap, parent.area)}) of ${name(parent)} is covered by none of its ${what}`,
    });
  return out;
}
