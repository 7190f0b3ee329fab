// How far children are from tiling their parent, from their boundaries alone. Where children tile
// a parent, every edge inside it is walked once each way by two neighbours and every edge of the
// parent once by a child, so the edges cancel. What is left after cancelling equal edges is small
// (T-junctions, where a child splits a parent's edge at a vertex of its own, and rounding slivers),
// and its winding number W is (Σ children − parent) as area functions: ∫|W| is exactly overlap +
// outside + gap. Sweeping those few edges costs microseconds where polygon clipping (polyclip, in
// BigNumber arithmetic) costs milliseconds per parent: the exact check runs only when this is not
// far below its band (check-geometry.ts).
import { earthRadius } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** On turf's sphere, so that square metres here are turf.area's. */
const M_PER_DEG = (earthRadius * Math.PI) / 180;
/** Boundaries that share few vertices leave most edges uncancelled: the exact check is as quick. */
const MAX_LEFTOVER = 5000;

/** An edge from left to right (ax < bx, or ax = bx and ay < by), walked `w` times net. */
interface Edge {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  w: number;
}

/** Twice the signed (planar) area: > 0 for a counter-clockwise ring. */
function twiceSignedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

/** Small integer ids for vertices, so that an edge's key is a number, not a string. */
class Vertices {
  private readonly byX = new Map<number, Map<number, number>>();
  private n = 0;
  id(x: number, y: number): number {
    let byY = this.byX.get(x);
    if (!byY) this.byX.set(x, (byY = new Map<number, number>()));
    let id = byY.get(y);
    if (id === undefined) byY.set(y, (id = this.n++));
    return id;
  }
}

/** Edge keys a·2²⁶ + b stay exact integers for up to 2²⁶ vertices. */
const KEY_BASE = 2 ** 26;

/** Adds every ring, outer rings counter-clockwise and holes clockwise, times `weight`. */
function addBoundary(
  edges: Map<number, Edge>,
  vertices: Vertices,
  g: Polygon | MultiPolygon,
  weight: number,
): void {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polygons)
    rings.forEach((ring, r) => {
      const w = twiceSignedArea(ring) > 0 === (r === 0) ? weight : -weight;
      for (let i = 0; i + 1 < ring.length; i++) {
        const p = ring[i]!;
        const q = ring[i + 1]!;
        const px = p[0]!;
        const py = p[1]!;
        const qx = q[0]!;
        const qy = q[1]!;
        if (px === qx && py === qy) continue;
        const forward = px < qx || (px === qx && py < qy);
        const a = vertices.id(px, py);
        const b = vertices.id(qx, qy);
        const key = forward ? a * KEY_BASE + b : b * KEY_BASE + a;
        const e = edges.get(key);
        if (e) e.w += forward ? w : -w;
        else if (forward) edges.set(key, { ax: px, ay: py, bx: qx, by: qy, w });
        else edges.set(key, { ax: qx, ay: qy, bx: px, by: py, w: -w });
      }
    });
}

const orient = (ax: number, ay: number, bx: number, by: number, px: number, py: number) =>
  (bx - ax) * (py - ay) - (by - ay) * (px - ax);

/** x where two edges cross inside both, or null (touching at an end point is no crossing). */
function crossingX(p: Edge, q: Edge): number | null {
  const d1 = orient(p.ax, p.ay, p.bx, p.by, q.ax, q.ay);
  const d2 = orient(p.ax, p.ay, p.bx, p.by, q.bx, q.by);
  if (!(d1 * d2 < 0)) return null;
  const d3 = orient(q.ax, q.ay, q.bx, q.by, p.ax, p.ay);
  const d4 = orient(q.ax, q.ay, q.bx, q.by, p.bx, p.by);
  if (!(d3 * d4 < 0)) return null;
  return q.ax + ((q.bx - q.ax) * d1) / (d1 - d2);
}

/** Every x where the winding number's layout can change: ends of edges and crossings. */
function eventXs(left: Edge[]): number[] {
  const xs: number[] = [];
  for (let i = 0; i < left.length; i++) {
    const p = left[i]!;
    xs.push(p.ax, p.bx);
    for (let j = i + 1; j < left.length && left[j]!.ax <= p.bx; j++) {
      const x = crossingX(p, left[j]!);
      if (x !== null) xs.push(x);
    }
  }
  return [...new Set(xs)].sort((a, b) => a - b);
}

/**
 * ∫|Σ children − parent| in m²: the area covered by two children or more (counted once per extra
 * child), by a child outside the parent, or by no child inside the parent, in total. Null when too
 * many edges are left to sweep, or they do not close (a ring not closed): ask the exact check.
 */
export function mismatchArea(
  parent: Polygon | MultiPolygon,
  children: Array<Polygon | MultiPolygon>,
): number | null {
  const edges = new Map<number, Edge>();
  const vertices = new Vertices();
  for (const c of children) addBoundary(edges, vertices, c, 1);
  addBoundary(edges, vertices, parent, -1);
  const left = [...edges.values()].filter((e) => e.w !== 0);
  if (left.length > MAX_LEFTOVER) return null;
  left.sort((p, q) => p.ax - q.ax);
  const xs = eventXs(left);

  // Slabs between consecutive xs: no edge ends or crosses inside one, so along its middle the
  // edges are in bottom-to-top order and each band between two of them is a trapezoid.
  let area = 0;
  let next = 0;
  let active: Edge[] = [];
  for (let k = 0; k + 1 < xs.length; k++) {
    const x0 = xs[k]!;
    const x1 = xs[k + 1]!;
    for (; next < left.length && left[next]!.ax <= x0; next++)
      if (left[next]!.bx > left[next]!.ax) active.push(left[next]!);
    active = active.filter((e) => e.bx > x0);
    if (!active.length) continue;
    const xm = (x0 + x1) / 2;
    const ys = active
      .map((e) => ({ y: e.ay + ((e.by - e.ay) * (xm - e.ax)) / (e.bx - e.ax), w: e.w }))
      .sort((a, b) => a.y - b.y);
    // Upwards across a left-to-right edge walked w times, the winding number grows by w.
    let winding = 0;
    for (let j = 0; j + 1 < ys.length; j++) {
      winding += ys[j]!.w;
      if (winding === 0) continue;
      const lat = (ys[j]!.y + ys[j + 1]!.y) / 2;
      area +=
        Math.abs(winding) * (ys[j + 1]!.y - ys[j]!.y) * (x1 - x0) * Math.cos((lat * Math.PI) / 180);
    }
    if (winding + ys[ys.length - 1]!.w !== 0) return null;
  }
  return area * M_PER_DEG * M_PER_DEG;
}
