// Builds the nested region tree: the real district outline, then synthetic streets, communities
// and grids (real names and codes, generated boundaries). Grid counts follow households so a grid
// is 300–500 households, as in the seeds.
import type { Position } from 'geojson';
import type { RegionInfo, RegionLevel } from '../../shared/protocol';
import { mulberry32, randInt, seedOf } from '../../server/random/prng';
import { round6 } from './place';
import type { Street } from './sources';
import { groupCells, labelPoint, tessellate, unionOf, type Shape } from './tessellate';

export interface RegionFeature {
  type: 'Feature';
  properties: RegionInfo;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface BuiltRegions {
  features: RegionFeature[];
  /** Grid id → households, decided here because the grid count depends on it. */
  households: Map<string, number>;
  /** Shapes by id, for placing stations and problems inside them. */
  shapes: Map<string, Shape>;
}

function roundRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q = [round6(p[0]!), round6(p[1]!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

/** Rounds to 6 decimals (≈0.1 m) and drops rings that collapse; always MultiPolygon-safe. */
export function roundGeometry(shape: Shape): RegionFeature['geometry'] {
  const g = shape.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kept = polys
    .map((p) => p.map(roundRing).filter((r) => r.length >= 4))
    .filter((p) => p.length > 0);
  return kept.length === 1
    ? { type: 'Polygon', coordinates: kept[0] }
    : { type: 'MultiPolygon', coordinates: kept };
}

function feature(
  id: string,
  name: string,
  level: RegionLevel,
  parentId: string | null,
  code: string | undefined,
  synthetic: boolean,
  shape: Shape,
): RegionFeature {
  const c = labelPoint(shape);
  const properties: RegionInfo = {
    id,
    name,
    level,
    parentId,
    ...(code ? { code } : {}),
    synthetic,
    center: [round6(c[0]!), round6(c[1]!)],
  };
  return { type: 'Feature', properties, geometry: roundGeometry(shape) };
}

export function buildRegions(
  districtCode: string,
  districtName: string,
  district: Shape,
  streets: Street[],
  seed: number,
): BuiltRegions {
  const features: RegionFeature[] = [];
  const households = new Map<string, number>();
  const shapes = new Map<string, Shape>([[districtCode, district]]);
  features.push(
    feature(districtCode, districtName, 'district', null, districtCode, false, district),
  );

  const sizes = streets.map((s) => s.communities.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const communityCells = tessellate(district, total, seed, 4);
  const groups = groupCells(communityCells, sizes);

  streets.forEach((street, si) => {
    const cells = groups[si]!;
    const streetShape = unionOf(cells.map((c) => c.shape));
    shapes.set(street.code, streetShape);
    features.push(
      feature(street.code, street.name, 'street', districtCode, street.code, true, streetShape),
    );
    street.communities.forEach((community, ci) => {
      const shape = cells[ci]!.shape;
      shapes.set(community.code, shape);
      features.push(
        feature(
          community.code,
          community.name,
          'community',
          street.code,
          community.code,
          true,
          shape,
        ),
      );
      const rng = mulberry32(seedOf(`${seed}:${community.code}`));
      // 8–21 grids per community → ≈1,300 grids for 90 communities, ≈400 households each.
      const gridCount = randInt(rng, 8, 21);
      const grids = tessellate(shape, gridCount, seedOf(`grids:${community.code}`));
      grids.forEach((g, gi) => {
        const id = `${community.code}-G${String(gi + 1).padStart(2, '0')}`;
        shapes.set(id, g.shape);
        households.set(id, randInt(rng, 310, 490));
        features.push(
          feature(id, `第${gi + 1}网格`, 'grid', community.code, undefined, true, g.shape),
        );
      });
    });
  });
  return { features, households, shapes };
}
