// data:check on a district of 3,468 grids built by the builder (seed-pinned, tests/fixtures/
// big-district.ts): valid as built, and a fault in one grid or one community among thousands is
// still named as the exact clipping check names it. How fast: npm run bench:check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, inspectDataset, summarize } from '../../server/dataset/check';
import { BIG_DISTRICT_GRIDS, buildBigDistrict } from '../fixtures/big-district';

interface Region {
  properties: { id: string; level: string; parentId: string | null };
  geometry: { type: string; coordinates: unknown };
}

let root: string;
let built: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dataset-check-big-'));
  built = join(root, 'built');
  await buildBigDistrict(built, 0);
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const regionsOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'regions.geojson'), 'utf8')) as { features: Region[] })
    .features;

/** A copy of the built dataset with `edit` applied to its regions. */
function spoilt(name: string, edit: (features: Region[]) => void): string {
  const dir = join(root, name);
  cpSync(built, dir, { recursive: true });
  const features = regionsOf(built);
  edit(features);
  writeFileSync(
    join(dir, 'regions.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features }),
  );
  return dir;
}

/** Moves every position of a geometry by dx degrees of longitude. */
function shift(coords: unknown, dx: number): unknown {
  if (typeof (coords as number[])[0] === 'number') {
    const [x, y] = coords as [number, number];
    return [+(x + dx).toFixed(6), y];
  }
  return (coords as unknown[]).map((c) => shift(c, dx));
}

const messages = async (dir: string) => (await inspectDataset(dir)).problems.map(formatProblem);

describe(`data:check on a built district of ${BIG_DISTRICT_GRIDS} grids`, () => {
  it('finds nothing wrong with it', async () => {
    const { dataset, problems } = await inspectDataset(built);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(summarize(dataset)).toBe(
      `示例大区 (440199): 1 district, 20 streets, 240 communities, ${BIG_DISTRICT_GRIDS} grids, 1009 stations, 0 history rows`,
    );
  });

  it('names a grid moved 30 m east: over its neighbours, a gap behind', async () => {
    let moved = -1;
    const dir = spoilt('moved-grid', (features) => {
      moved = features.findIndex((f) => f.properties.id === '440199005007-G03');
      const f = features[moved]!;
      f.geometry.coordinates = shift(f.geometry.coordinates, 0.0003);
    });
    expect(await messages(dir)).toEqual([
      'regions.geojson#849: 6,184 m² (0.90%) of community 440199005007 is covered by none of its grids',
      'regions.geojson#853: grid 440199005007-G04 overlaps grid 440199005007-G03 (#852) by 1,342 m²',
      'regions.geojson#855: grid 440199005007-G06 overlaps grid 440199005007-G03 (#852) by 2,046 m²',
      'regions.geojson#863: grid 440199005007-G14 overlaps grid 440199005007-G03 (#852) by 2,789 m²',
    ]);
    expect(moved).toBe(852);
  });

  it('names a community whose outline lost a corner: its grids, its station and its street', async () => {
    const dir = spoilt('cut-community', (features) => {
      const f = features.find((x) => x.properties.id === '440199012004')!;
      const ring = (f.geometry.coordinates as number[][][])[0]!;
      ring.splice(2, 1); // drop one vertex: the corner is cut off
    });
    expect(await messages(dir)).toEqual([
      'regions.geojson#2086: 148,925 m² (2%) of street 440199012 is covered by none of its communities',
      'regions.geojson#2126: grid 440199012004-G03 lies outside its parent community 440199012004 (#2123): 5,264 m², 11% of its area',
      'regions.geojson#2133: grid 440199012004-G10 lies outside its parent community 440199012004 (#2123): 34,086 m², 58% of its area',
      'regions.geojson#2134: grid 440199012004-G11 lies outside its parent community 440199012004 (#2123): 44,581 m², 83% of its area',
      'regions.geojson#2135: grid 440199012004-G12 lies outside its parent community 440199012004 (#2123): 57,540 m², 99% of its area',
      'regions.geojson#2136: grid 440199012004-G13 lies outside its parent community 440199012004 (#2123): 7,391 m², 13% of its area',
      'stations.geojson#573: point [113.393688, 23.118505] is not inside its community 440199012004 (regions.geojson#2123)',
    ]);
  });
});
