// Makes given children tile their parent, as the checker requires: each child clipped to the
// parent, overlaps between neighbours given to the first of them (in code order), gaps given to
// the nearest child — but only pieces thinner than the tolerance (mean width = 2·area/perimeter);
// anything thicker is left as it is, so the checker refuses it with its own message. Clipping is
// turf's (polyclip-ts).
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { despiked, width, type Repair } from './repair';
import { round6 } from './place';
import type { Shape } from './tessellate';

interface Piece {
  area: number;
  width: number;
  at: [number, number];
}

function piecesOf(shape: Feature<Polygon | MultiPolygon> | null): Piece[] {
  if (!shape) return [];
  const g = shape.geometry;
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((p) => {
    // Measured without the zero-width tendrils a union leaves along near-coincident edges;
    // holes of a gap or overlap piece do not make it any wider.
    const { area, width: w } = width(despiked(p[0]!, NOISE_M));
    const c = turf.pointOnFeature(turf.polygon(p)).geometry.coordinates;
    return { area, width: w, at: [round6(c[0]!), round6(c[1]!)] };
  });
}

/**
 * Pieces thinner than this are floating-point and reprojection noise along shared edges: they
 * are resolved like the others but counted in one line per parent instead of listed.
 */
const NOISE_M = 0.05;

const fc = (fs: Shape[]) => turf.featureCollection(fs);
const size = (p: Piece) =>
  `${p.area < 10 ? p.area.toFixed(2) : Math.round(p.area)} m², ${p.width.toFixed(2)} m wide`;
const thin = (ps: Piece[], tol: number) => ps.every((p) => p.width <= tol);
const boxesMeet = (a: Shape, b: Shape) => {
  const [aw, as, ae, an] = turf.bbox(a);
  const [bw, bs, be, bn] = turf.bbox(b);
  return !(aw > be || bw > ae || as > bn || bs > an);
};

export function tileChildren(
  parentId: string,
  parent: Shape,
  children: Array<{ id: string; shape: Shape }>,
  tolerance: number,
): { shapes: Map<string, Shape>; repairs: Repair[] } {
  const listed: Repair[] = [];
  const noise: Piece[] = [];
  const repairs = {
    push(r: Repair, p: Piece) {
      if (p.width < NOISE_M) noise.push(p);
      else listed.push(r);
    },
  };
  const kids = children.map((c) => ({ ...c }));
  for (const k of kids) {
    const outside = piecesOf(turf.difference(fc([k.shape, parent])));
    if (!outside.length || !thin(outside, tolerance)) continue;
    const inside = turf.intersect(fc([k.shape, parent]));
    if (!inside) continue;
    k.shape = inside;
    for (const p of outside)
      repairs.push(
        {
          kind: 'overlap',
          region: k.id,
          at: p.at,
          size: `${size(p)} outside ${parentId}, cut off`,
        },
        p,
      );
  }
  kids.forEach((a, i) =>
    kids.slice(i + 1).forEach((b) => {
      if (!boxesMeet(a.shape, b.shape)) return;
      const overlap = piecesOf(turf.intersect(fc([a.shape, b.shape])));
      if (!overlap.length || !thin(overlap, tolerance)) return;
      const rest = turf.difference(fc([b.shape, a.shape]));
      if (!rest) return;
      b.shape = rest;
      for (const p of overlap)
        repairs.push(
          {
            kind: 'overlap',
            region: b.id,
            at: p.at,
            size: `${size(p)} shared with ${a.id}, left to ${a.id}`,
          },
          p,
        );
    }),
  );
  const union = kids.length === 1 ? kids[0]!.shape : turf.union(fc(kids.map((k) => k.shape)));
  const gapShape = union ? turf.difference(fc([parent, union])) : parent;
  const g = gapShape?.geometry;
  const gapPolys: Position[][][] = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of gapPolys) {
    const piece = piecesOf(turf.polygon(poly))[0]!;
    if (piece.width > tolerance) continue;
    let best = kids[0]!;
    let bestD = Infinity;
    for (const k of kids) {
      if (!boxesMeet(k.shape, turf.polygon(poly))) continue;
      const d = turf.pointToPolygonDistance(piece.at, k.shape, { units: 'meters' });
      if (d < bestD) [best, bestD] = [k, d];
    }
    const merged = turf.union(fc([best.shape, turf.polygon(poly)]));
    if (!merged) continue;
    best.shape = merged;
    repairs.push(
      {
        kind: 'gap',
        region: best.id,
        at: piece.at,
        size: `${size(piece)} of ${parentId} covered by none, given to ${best.id}`,
      },
      piece,
    );
  }
  if (noise.length) {
    const area = noise.reduce((s, p) => s + p.area, 0);
    listed.push({
      kind: 'rounding',
      region: parentId,
      at: noise[0]!.at,
      size: `${noise.length} gaps and overlaps under ${NOISE_M} m wide along shared edges, ${area.toFixed(2)} m² in all`,
    });
  }
  return { shapes: new Map(kids.map((k) => [k.id, k.shape])), repairs: listed };
}
