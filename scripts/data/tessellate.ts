// Seeded partitions of a polygon: relaxed random points, their Voronoi cells clipped by the parent.
// Cells of one parent tile it exactly (Voronoi cells tile the plane), so children nest in their
// parent and never overlap, up to floating point and the 6-decimal rounding of the files.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { mulberry32 } from '../../server/random/prng';

export type Shape = Feature<Polygon | MultiPolygon>;

export interface Cell {
  site: Position;
  shape: Shape;
}

function samplePoints(parent: Shape, n: number, seed: number): Position[] {
  const rng = mulberry32(seed);
  const [w, s, e, nn] = turf.bbox(parent);
  const out: Position[] = [];
  for (let tries = 0; out.length < n && tries < n * 10_000; tries++) {
    const p = [w + rng() * (e - w), s + rng() * (nn - s)];
    if (turf.booleanPointInPolygon(p, parent)) out.push(p);
  }
  if (out.length < n) throw new Error(`could not place ${n} points in polygon`);
  return out;
}

function cellsOf(parent: Shape, sites: Position[]): Cell[] {
  const [w, s, e, n] = turf.bbox(parent);
  const pad = Math.max(e - w, n - s);
  const points = turf.featureCollection(sites.map((p) => turf.point(p)));
  const voronoi = turf.voronoi(points, { bbox: [w - pad, s - pad, e + pad, n + pad] });
  return sites.map((site, i) => {
    const cell = voronoi.features[i];
    const clipped = cell ? turf.intersect(turf.featureCollection([cell, parent])) : null;
    if (!clipped) throw new Error(`empty Voronoi cell at ${site.join(',')}`);
    return { site, shape: clipped };
  });
}

/**
 * Splits `parent` into `n` cells. Lloyd relaxation (sites moved to their cell's centroid) evens
 * out the sizes, so no grid is a sliver next to a giant. Same (parent, n, seed) → same output.
 * Cells come back ordered north to south, then west to east, for readable numbering.
 */
export function tessellate(parent: Shape, n: number, seed: number, relax = 2): Cell[] {
  if (n === 1) return [{ site: turf.pointOnFeature(parent).geometry.coordinates, shape: parent }];
  let sites = samplePoints(parent, n, seed);
  for (let r = 0; r < relax; r++) {
    sites = cellsOf(parent, sites).map((c) => {
      const centroid = turf.centroid(c.shape).geometry.coordinates;
      return turf.booleanPointInPolygon(centroid, parent) ? centroid : c.site;
    });
  }
  const cells = cellsOf(parent, sites);
  const row = (p: Position) => Math.round(p[1]! * 200); // ≈500 m bands
  return cells.sort((a, b) => row(b.site) - row(a.site) || a.site[0]! - b.site[0]!);
}

/**
 * Groups cells into `sizes.length` contiguous groups of the given sizes by recursive bisection
 * along the longer axis: used to gather community cells into streets of the real community count.
 */
export function groupCells<T extends { site: Position }>(cells: T[], sizes: number[]): T[][] {
  if (sizes.length === 1) return [cells];
  const half = Math.ceil(sizes.length / 2);
  const k = sizes.slice(0, half).reduce((a, b) => a + b, 0);
  const xs = cells.map((c) => c.site[0]!);
  const ys = cells.map((c) => c.site[1]!);
  const wide =
    (Math.max(...xs) - Math.min(...xs)) * Math.cos((30.7 * Math.PI) / 180) >
    Math.max(...ys) - Math.min(...ys);
  const axis = wide ? 0 : 1;
  const sorted = [...cells].sort((a, b) => a.site[axis]! - b.site[axis]!);
  return [
    ...groupCells(sorted.slice(0, k), sizes.slice(0, half)),
    ...groupCells(sorted.slice(k), sizes.slice(half)),
  ];
}

/** Union of cells (a street from its communities). */
export function unionOf(shapes: Shape[]): Shape {
  if (shapes.length === 1) return shapes[0]!;
  const u = turf.union(turf.featureCollection(shapes));
  if (!u) throw new Error('empty union');
  return u;
}

export function labelPoint(shape: Shape): Position {
  return turf.pointOnFeature(shape).geometry.coordinates;
}
