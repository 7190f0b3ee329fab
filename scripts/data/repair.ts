// Repairs one region's outline and lists every repair with its place and size. Public and
// user outlines, once converted to WGS84 and rounded, carry duplicate and near-duplicate
// vertices, zero-width spikes, rings that touch or cross themselves and slivers; the checker
// refuses crossings and the screen draws spikes. Everything at or below the tolerance is
// repaired; anything larger is refused with the checker's own message. The normalising step is
// polyclip-ts (through turf.union of the shape with itself), never hand-rolled clipping.
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { crossings } from '../../server/dataset/check-geometry';
import { round6 } from './place';
import type { Shape } from './tessellate';

export type RepairKind =
  | 'duplicate vertex'
  | 'near-duplicate vertex'
  | 'spike'
  | 'self-touching ring'
  | 'self-intersection'
  | 'sliver'
  | 'gap'
  | 'overlap'
  | 'rounding';

export interface Repair {
  kind: RepairKind;
  /** Region id (or the user's feature) the repair was made in. */
  region: string;
  at: [number, number];
  /** Human-readable size: "0.08 m", "120 m², 1.3 m wide". */
  size: string;
}

export interface RepairResult {
  shape: Shape;
  repairs: Repair[];
  /** Defects above the tolerance, worded as the checker words them; empty when repaired. */
  refused: string[];
}

/** Vertices closer than this are one vertex (at most the tolerance: 6-decimal rounding is 0.1 m). */
const NEAR_DUPLICATE_M = 0.5;
/** A spike is a vertex whose two edges leave it at less than this angle… */
const SPIKE_DEGREES = 20;
/** …and a crossing is untwisted when the loop it makes is at most this many tolerance² in area. */
const TWIST_TOLERANCE_SQUARES = 25;

const M_PER_DEG = 111_320;

/** Local metres between two positions (equirectangular: exact enough at the tolerance's scale). */
export function metres(a: Position, b: Position): number {
  const k = Math.cos((((a[1]! + b[1]!) / 2) * Math.PI) / 180);
  return Math.hypot((a[0]! - b[0]!) * k * M_PER_DEG, (a[1]! - b[1]!) * M_PER_DEG);
}

/** Distance in metres from p to the line through a and b. */
function offLine(p: Position, a: Position, b: Position): number {
  const ab = metres(a, b);
  if (ab === 0) return metres(p, a);
  const k = Math.cos((a[1]! * Math.PI) / 180) * M_PER_DEG;
  const [ax, ay, bx, by, px, py] = [
    a[0]! * k,
    a[1]! * M_PER_DEG,
    b[0]! * k,
    b[1]! * M_PER_DEG,
    p[0]! * k,
    p[1]! * M_PER_DEG,
  ];
  return Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / ab;
}

function angleAt(a: Position, b: Position, c: Position): number {
  const k = Math.cos((b[1]! * Math.PI) / 180);
  const u = [(a[0]! - b[0]!) * k, a[1]! - b[1]!];
  const v = [(c[0]! - b[0]!) * k, c[1]! - b[1]!];
  const dot = u[0]! * v[0]! + u[1]! * v[1]!;
  const len = Math.hypot(u[0]!, u[1]!) * Math.hypot(v[0]!, v[1]!);
  return len === 0 ? 0 : (Math.acos(Math.max(-1, Math.min(1, dot / len))) * 180) / Math.PI;
}

const at = (p: Position): [number, number] => [round6(p[0]!), round6(p[1]!)];
const fmtM = (m: number) => `${m < 10 ? m.toFixed(2) : Math.round(m)} m`;
const fmtM2 = (a: number) => `${a < 10 ? a.toFixed(2) : Math.round(a).toLocaleString('en-US')} m²`;

/** Drops consecutive vertices closer than `near` (the later one); true if any was dropped. */
function dropDuplicates(
  ring: Position[],
  region: string,
  near: number,
  repairs: Repair[],
): boolean {
  let dropped = false;
  for (let i = 0; i < ring.length && ring.length >= 3;) {
    const b = ring[i]!;
    const c = ring[(i + 1) % ring.length]!;
    const d = metres(b, c);
    if (d > near) {
      i++;
      continue;
    }
    repairs.push({
      kind: d === 0 ? 'duplicate vertex' : 'near-duplicate vertex',
      region,
      at: at(c),
      size: d === 0 ? '0 m apart' : `${fmtM(d)} apart`,
    });
    ring.splice((i + 1) % ring.length, 1);
    dropped = true;
  }
  return dropped;
}

/** Drops the first spike found (a vertex the ring leaves back along a sliver); true if one was. */
function dropSpike(ring: Position[], region: string, tol: number, repairs: Repair[]): boolean {
  for (let i = 0; i < ring.length && ring.length >= 3; i++) {
    const a = ring[(i - 1 + ring.length) % ring.length]!;
    const b = ring[i]!;
    const c = ring[(i + 1) % ring.length]!;
    if (angleAt(a, b, c) >= SPIKE_DEGREES) continue;
    // The spike's width at its base: how far the nearer neighbour is off the longer edge.
    const [short, long] = metres(a, b) <= metres(b, c) ? [a, c] : [c, a];
    const width = offLine(short, b, long);
    if (width > tol) continue;
    repairs.push({
      kind: 'spike',
      region,
      at: at(b),
      size: `${fmtM(Math.max(metres(a, b), metres(b, c)))} long, ${fmtM(width)} wide`,
    });
    ring.splice(i, 1);
    return true;
  }
  return false;
}

/** Drops (near-)duplicate vertices and spikes from one ring, open (no closing position). */
function cleanRing(open: Position[], region: string, tol: number, repairs: Repair[]): Position[] {
  const ring = [...open];
  const near = Math.min(NEAR_DUPLICATE_M, tol);
  // Duplicates first: a spike test needs two distinct neighbours.
  while (
    ring.length >= 3 &&
    (dropDuplicates(ring, region, near, repairs) || dropSpike(ring, region, tol, repairs))
  );
  return ring;
}

/** A closed ring without its spikes and duplicate vertices up to `tol` metres (for measuring). */
export function despiked(ring: Position[], tol: number): Position[] {
  const open = cleanRing(ring.slice(0, -1), '', tol, []);
  return open.length >= 3 ? [...open, open[0]!] : ring;
}

/** Vertices a ring passes through twice (it touches itself there). */
function pinches(open: Position[]): Position[] {
  const seen = new Set<string>();
  const out: Position[] = [];
  for (const p of open) {
    const key = `${p[0]},${p[1]}`;
    if (seen.has(key)) out.push(p);
    seen.add(key);
  }
  return out;
}

function ringsOf(shape: Shape): Position[][][] {
  const g = shape.geometry;
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/**
 * Area as drawn: each ring's own (spherical, turf) area, holes subtracted. A twisted ring's
 * loops wind opposite ways and partly cancel, so untwisting it changes this by the loop's size.
 */
function drawnArea(polys: Position[][][]): number {
  let sum = 0;
  for (const poly of polys)
    poly.forEach((ring, i) => {
      const a = turf.area(turf.polygon([ring]));
      sum += i === 0 ? a : -a;
    });
  return sum;
}

/**
 * How wide a piece (part, hole, gap, overlap) is: the larger of 2·area/perimeter (exact for a
 * long strip) and area/diagonal of its box (not fooled by zero-width tendrils that lengthen the
 * perimeter of a gap along a shared edge). Both underestimate a compact piece by at most ≈1.4.
 */
export function width(ring: Position[]): { area: number; width: number } {
  const poly = turf.polygon([ring]);
  const area = turf.area(poly);
  const perimeter = turf.length(poly, { units: 'meters' });
  const [w, s, e, n] = turf.bbox(poly);
  const diagonal = metres([w, s], [e, n]);
  return {
    area,
    width: Math.max(perimeter ? (2 * area) / perimeter : 0, diagonal ? area / diagonal : 0),
  };
}

/** Normalised by polyclip: spikes of zero width gone, pinched rings split, crossings untwisted. */
function normalise(shape: Shape): Shape | null {
  return turf.union(turf.featureCollection([shape, shape]));
}

/**
 * Repairs `shape` within `tolerance` metres. Crossings whose untwisted loop is larger than
 * 25 tolerance² are refused with the checker's message ("self-intersecting polygon: …").
 */
export function repairShape(region: string, shape: Shape, tolerance: number): RepairResult {
  const repairs: Repair[] = [];
  const cleaned: Position[][][] = [];
  // At the precision of the files: rounding is what turns near-touching rings into crossings.
  for (const poly of ringsOf(rounded(shape, false))) {
    const rings: Position[][] = [];
    for (const [ri, ring] of poly.entries()) {
      const open = cleanRing(ring.slice(0, -1), region, tolerance, repairs);
      if (open.length < 3) {
        if (ring.length >= 4) {
          const w = width(ring);
          repairs.push({
            kind: 'sliver',
            region,
            at: at(ring[0]!),
            size: `${fmtM2(w.area)}, ${fmtM(w.width)} wide`,
          });
        }
        if (ri === 0) break; // no outer ring left: its holes go with it
        continue;
      }
      for (const p of pinches(open))
        repairs.push({
          kind: 'self-touching ring',
          region,
          at: at(p),
          size: 'split at one vertex',
        });
      rings.push([...open, open[0]!]);
    }
    if (rings.length) cleaned.push(rings);
  }
  if (cleaned.length === 0)
    return { shape, repairs, refused: [`${region}: nothing left of the outline after repair`] };
  const before: Shape = turf.multiPolygon(cleaned);

  const crossed = crossings({ ...before, properties: { id: region, level: '' } });
  const normal = normalise(before);
  if (!normal) return { shape, repairs, refused: [`${region}: the outline has no area`] };
  if (crossed.length) {
    const change = Math.abs(drawnArea(cleaned) - turf.area(normal));
    if (change > TWIST_TOLERANCE_SQUARES * tolerance * tolerance)
      return {
        shape,
        repairs,
        refused: [
          `${region}: ${crossingMessage(crossed)} ` +
            `(untwisting it changes the area by ${fmtM2(change)}, above ${fmtM2(TWIST_TOLERANCE_SQUARES * tolerance * tolerance)})`,
        ],
      };
    for (const c of crossed)
      repairs.push({
        kind: 'self-intersection',
        region,
        at: at(c),
        size: `${fmtM2(change / crossed.length)} untwisted`,
      });
  }

  // Slivers: parts and holes thinner than the tolerance on average are dropped / filled.
  const kept: Position[][][] = [];
  for (const poly of ringsOf(normal)) {
    const outer = width(poly[0]!);
    if (outer.width <= tolerance) {
      repairs.push({
        kind: 'sliver',
        region,
        at: at(turf.pointOnFeature(turf.polygon(poly)).geometry.coordinates),
        size: `${fmtM2(outer.area)}, ${fmtM(outer.width)} wide`,
      });
      continue;
    }
    const holes = poly.slice(1).filter((h) => {
      const w = width(h);
      if (w.width > tolerance) return true;
      repairs.push({
        kind: 'sliver',
        region,
        at: at(h[0]!),
        size: `hole of ${fmtM2(w.area)}, ${fmtM(w.width)} wide`,
      });
      return false;
    });
    kept.push([poly[0]!, ...holes]);
  }
  if (kept.length === 0)
    return {
      shape,
      repairs,
      refused: [`${region}: the outline is all slivers (thinner than ${fmtM(tolerance)})`],
    };
  let repaired: Shape =
    kept.length === 1
      ? turf.polygon(kept[0]!, shape.properties)
      : turf.multiPolygon(kept, shape.properties);
  // polyclip's new vertices (where rings met) are not on the 6-decimal grid: round and settle
  // again until the rounded shape crosses itself nowhere.
  for (let round = 0; round < 3; round++) {
    const r = rounded(repaired, true);
    const left = crossings({ ...r, properties: { id: region, level: '' } });
    if (!left.length) return { shape: r, repairs, refused: [] };
    if (round === 2) return { shape, repairs, refused: [`${region}: ${crossingMessage(left)}`] };
    repaired = normalise(r) ?? r;
  }
  return { shape: repaired, repairs, refused: [] };
}

/** Every coordinate on the files' 6-decimal grid; repeated positions dropped if `dropRepeats`. */
function rounded(shape: Shape, dropRepeats: boolean): Shape {
  const polys = ringsOf(shape)
    .map((poly) =>
      poly
        .map((ring) => {
          const out: Position[] = [];
          for (const p of ring) {
            const q = [round6(p[0]!), round6(p[1]!)];
            const last = out[out.length - 1];
            if (!dropRepeats || !last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
          }
          return out;
        })
        .filter((r) => r.length >= 4),
    )
    .filter((p) => p.length > 0);
  return polys.length === 1 ? turf.polygon(polys[0]!) : turf.multiPolygon(polys);
}

/** The checker's wording (server/dataset/check-regions.ts). */
function crossingMessage(cross: number[][]): string {
  return `self-intersecting polygon: edges cross at ${cross
    .slice(0, 3)
    .map((c) => `[${c.map((x) => +x.toFixed(6)).join(', ')}]`)
    .join(', ')}${cross.length > 3 ? ` and ${cross.length - 3} more points` : ''}`;
}

/** One line per repair, for the build report. */
export function formatRepair(r: Repair): string {
  return `${r.region}: ${r.kind} at [${r.at.join(', ')}], ${r.size}`;
}
