// Random points inside a polygon, by rejection sampling in its bounding box.
import * as turf from '@turf/turf';
import type { Rng } from '../../server/random/prng';
import type { Shape } from './tessellate';

/** Coordinates are written with 6 decimals (≈0.1 m). */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const boxes = new WeakMap<Shape, number[]>();

export function pointIn(shape: Shape, rng: Rng): [number, number] {
  let box = boxes.get(shape);
  if (!box) boxes.set(shape, (box = turf.bbox(shape)));
  const [w, s, e, n] = box as [number, number, number, number];
  for (let i = 0; i < 10_000; i++) {
    const p: [number, number] = [round6(w + rng() * (e - w)), round6(s + rng() * (n - s))];
    if (turf.booleanPointInPolygon(p, shape)) return p;
  }
  const c = turf.pointOnFeature(shape).geometry.coordinates;
  return [round6(c[0]!), round6(c[1]!)];
}
