// Builds the nested region tree: the district outline, then streets, communities and grids with
// their real names and codes. A level the user gave boundaries for uses them (already repaired to
// tile their parent, see tiling.ts); a level not given is generated (seeded Voronoi cells of the
// level above, `synthetic: true`). Generated grid counts follow households so a grid is 300–500
// households, as in the seeds.
import type { Position } from 'geojson';
import type { RegionInfo, RegionLevel } from '../../shared/protocol';
import { mulberry32, randInt, seedOf } from '../../server/random/prng';
import type { Street } from './divisions';
import type { RegionKind } from '../../shared/protocol';
import { DEFAULT_KIND } from './levels';
import { round6 } from './place';
import { groupCells, labelPoint, tessellate, unionOf, type Shape } from './tessellate';

/** RegionInfo plus the level kind (absent = the level's default, so 金牛区's files stay as they were). */
type RegionProperties = RegionInfo & { kind?: RegionKind };

export interface RegionFeature {
  type: 'Feature';
  properties: RegionProperties;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** Boundaries the user gave, matched to the division list and repaired. */
export interface GivenShapes {
  /** By street code. */
  streets?: Map<string, Shape>;
  /** By community code. */
  communities?: Map<string, Shape>;
  /** By community code: that community's grids, in order. */
  grids?: Map<string, Array<{ name?: string; shape: Shape }>>;
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
  kind?: RegionKind,
): RegionFeature {
  const c = labelPoint(shape);
  const isDefault =
    level !== 'street' && level !== 'community' ? true : kind === DEFAULT_KIND[level];
  const properties: RegionProperties = {
    id,
    name,
    level,
    ...(kind && !isDefault ? { kind } : {}),
    parentId,
    ...(code ? { code } : {}),
    synthetic,
    center: [round6(c[0]!), round6(c[1]!)],
  };
  return { type: 'Feature', properties, geometry: roundGeometry(shape) };
}

/** Community shapes per street: given, cut from given streets, or cut from the district. */
function communityShapes(
  district: Shape,
  streets: Street[],
  given: GivenShapes,
  seed: number,
): Shape[][] {
  const { communities, streets: givenStreets } = given;
  if (communities) return streets.map((s) => s.communities.map((c) => communities.get(c.code)!));
  if (givenStreets)
    return streets.map((s) =>
      tessellate(
        givenStreets.get(s.code)!,
        s.communities.length,
        seedOf(`communities:${s.code}`),
        4,
      ).map((c) => c.shape),
    );
  const sizes = streets.map((s) => s.communities.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  return groupCells(tessellate(district, total, seed, 4), sizes).map((g) => g.map((c) => c.shape));
}

export function buildRegions(
  districtCode: string,
  districtName: string,
  district: Shape,
  streets: Street[],
  seed: number,
  given: GivenShapes = {},
): BuiltRegions {
  const features: RegionFeature[] = [];
  const households = new Map<string, number>();
  const shapes = new Map<string, Shape>([[districtCode, district]]);
  features.push(
    feature(districtCode, districtName, 'district', null, districtCode, false, district),
  );

  const groups = communityShapes(district, streets, given, seed);
  const realStreets = !!(given.streets ?? given.communities);
  streets.forEach((street, si) => {
    const cells = groups[si]!;
    const streetShape = given.streets?.get(street.code) ?? unionOf(cells);
    shapes.set(street.code, streetShape);
    features.push(
      feature(
        street.code,
        street.name,
        'street',
        districtCode,
        street.code,
        !realStreets,
        streetShape,
        street.kind,
      ),
    );
    street.communities.forEach((community, ci) => {
      const shape = cells[ci]!;
      shapes.set(community.code, shape);
      features.push(
        feature(
          community.code,
          community.name,
          'community',
          street.code,
          community.code,
          !given.communities,
          shape,
          community.kind,
        ),
      );
      const rng = mulberry32(seedOf(`${seed}:${community.code}`));
      // 8–21 grids per community → ≈1,300 grids for 90 communities, ≈400 households each; a
      // village (村) is smaller: 2–6 grids, ≈800–2,400 households.
      const gridCount = community.kind === 'village' ? randInt(rng, 2, 6) : randInt(rng, 8, 21);
      const real = given.grids?.get(community.code);
      const grids =
        real ??
        tessellate(shape, gridCount, seedOf(`grids:${community.code}`)).map((g) => ({
          name: undefined,
          shape: g.shape,
        }));
      grids.forEach((g, gi) => {
        const id = `${community.code}-G${String(gi + 1).padStart(2, '0')}`;
        shapes.set(id, g.shape);
        households.set(id, randInt(rng, 310, 490));
        features.push(
          feature(
            id,
            g.name ?? `第${gi + 1}网格`,
            'grid',
            community.code,
            undefined,
            !real,
            g.shape,
          ),
        );
      });
    });
  });
  return { features, households, shapes };
}
