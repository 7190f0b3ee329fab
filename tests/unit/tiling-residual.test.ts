// mismatchArea, the sweep that lets data:check skip polygon clipping for a parent its children
// tile: it must be 0 for a tiling (with T-junctions, holes, either ring orientation), the exact
// area for a known fault, null for a boundary that does not close, and for any displaced vertex
// agree with what the clipping check measures (turf.union / turf.intersect / turf.area).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { mismatchArea } from '../../server/dataset/tiling-residual';

type Ring = Position[];
const poly = (...rings: Ring[]): Polygon => ({ type: 'Polygon', coordinates: rings });
/** Counter-clockwise rectangle. */
const rect = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const M_PER_DEG = (turf.earthRadius * Math.PI) / 180;
/** m² of a thin rectangle of dx × dy degrees at latitude lat. */
const m2 = (dx: number, dy: number, lat: number) =>
  dx * dy * M_PER_DEG * M_PER_DEG * Math.cos((lat * Math.PI) / 180);

/** The parent [104, 30.6]–[104.03, 30.63] cut into nx × ny rectangles. */
function lattice(nx: number, ny: number): { parent: Polygon; cells: Polygon[] } {
  const xs = Array.from({ length: nx + 1 }, (_, i) => 104 + (0.03 * i) / nx);
  const ys = Array.from({ length: ny + 1 }, (_, j) => 30.6 + (0.03 * j) / ny);
  const cells: Polygon[] = [];
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) cells.push(poly(rect(xs[i]!, ys[j]!, xs[i + 1]!, ys[j + 1]!)));
  return { parent: poly(rect(xs[0]!, ys[0]!, xs[nx]!, ys[ny]!)), cells };
}

describe('mismatchArea', () => {
  it('is 0 for children that tile the parent, though the parent lacks their vertices on its edges', () => {
    const { parent, cells } = lattice(3, 4);
    expect(mismatchArea(parent, cells)).toBe(0);
    const clockwise = cells.map((c) => poly([...c.coordinates[0]!].reverse()));
    expect(mismatchArea(parent, clockwise)).toBe(0);
  });

  it('is 0 for a parent with a hole tiled around it, and the hole once a child covers it', () => {
    const hole = rect(104.01, 30.61, 104.02, 30.62).reverse();
    const parent = poly(rect(104, 30.6, 104.03, 30.63), hole);
    const south = poly(rect(104, 30.6, 104.03, 30.61));
    const north = poly(rect(104, 30.62, 104.03, 30.63));
    const middle: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[rect(104, 30.61, 104.01, 30.62)], [rect(104.02, 30.61, 104.03, 30.62)]],
    };
    expect(mismatchArea(parent, [south, north, middle])).toBe(0);
    const plug = poly(rect(104.01, 30.61, 104.02, 30.62));
    expect(mismatchArea(parent, [south, north, middle, plug])).toBeCloseTo(
      m2(0.01, 0.01, 30.615),
      -1,
    );
  });

  it('counts overlap, outside and gap: a child moved east by d', () => {
    const d = 0.0005;
    const { parent, cells } = lattice(2, 1);
    const [west, east] = cells as [Polygon, Polygon];
    const moved = (p: Polygon) => poly(p.coordinates[0]!.map(([x, y]) => [x! + d, y!]));
    // The west cell overlaps the east one by d × 0.03 and leaves a gap as large behind it.
    expect(mismatchArea(parent, [moved(west), east])).toBeCloseTo(2 * m2(d, 0.03, 30.615), -1);
    // The east cell reaches d × 0.03 beyond the parent and leaves a gap as large.
    expect(mismatchArea(parent, [west, moved(east)])).toBeCloseTo(2 * m2(d, 0.03, 30.615), -1);
    // Two copies of one child: the copy is overlap, and nothing covers the other half.
    expect(mismatchArea(parent, [west, west])).toBeCloseTo(2 * m2(0.015, 0.03, 30.615), -1);
  });

  it('is null when a ring does not close: the exact check has to say what is wrong', () => {
    const { parent, cells } = lattice(2, 1);
    const open = poly(cells[0]!.coordinates[0]!.slice(1)); // its southern edge is missing
    expect(mismatchArea(parent, [open, cells[1]!])).toBeNull();
  });

  it('agrees with polygon clipping when one vertex of one child is displaced (fast-check)', () => {
    const measured = (parent: Polygon, cells: Polygon[]) => {
      const fs = cells.map((c) => turf.feature(c));
      const sum = fs.reduce((s, f) => s + turf.area(f), 0);
      const union = fs.length === 1 ? fs[0]! : turf.union(turf.featureCollection(fs))!;
      const inside = turf.area(
        turf.intersect(turf.featureCollection([union, turf.feature(parent)]))!,
      );
      return sum - turf.area(union) + (turf.area(union) - inside) + (turf.area(parent) - inside);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.nat(3),
        fc.double({ min: -0.004, max: 0.004, noNaN: true }),
        fc.double({ min: -0.004, max: 0.004, noNaN: true }),
        (nx, ny, which, corner, dx, dy) => {
          const { parent, cells } = lattice(nx, ny);
          const i = which % cells.length;
          const ring = cells[i]!.coordinates[0]!.map((p) => [...p]);
          ring[corner]![0]! += dx;
          ring[corner]![1]! += dy;
          if (corner === 0) ring[4] = [...ring[0]!];
          cells[i] = poly(ring);
          if (turf.kinks(turf.feature(cells[i])).features.length) return; // a crossing: refused before
          const exact = measured(parent, cells);
          expect(Math.abs(mismatchArea(parent, cells)! - exact)).toBeLessThan(0.002 * exact + 0.01);
        },
      ),
      { seed: 17, numRuns: 150 },
    );
  });
});
