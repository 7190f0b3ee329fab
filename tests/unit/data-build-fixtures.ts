// Small districts made in the tests for the dataset builder: a division list file, outlines as
// GeoJSON, and options for buildDataset with a short history so a build takes seconds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from '../../scripts/data/build-dataset';
import type { DivisionFile } from '../../scripts/data/divisions';

export interface FixtureStreet {
  code: string;
  name: string;
  villages: Array<[code: string, name: string]>;
}

export function writeDivisions(
  dir: string,
  area: { code: string; name: string },
  streets: FixtureStreet[],
): string {
  const file: DivisionFile = {
    areas: [area],
    streets: streets.map((s) => ({ code: s.code, name: s.name, areaCode: area.code })),
    villages: streets.flatMap((s) =>
      s.villages.map(([code, name]) => ({ code, name, streetCode: s.code })),
    ),
  };
  const path = join(dir, 'divisions.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

type Ring = number[][];

export function rect(w: number, s: number, e: number, n: number): Ring {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

export function writeGeoJSON(
  path: string,
  features: Array<{ properties?: Record<string, unknown>; coordinates: Ring[] | Ring[][] }>,
): string {
  const fc = {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: f.properties ?? {},
      geometry: {
        type: Array.isArray(f.coordinates[0]?.[0]?.[0]) ? 'MultiPolygon' : 'Polygon',
        coordinates: f.coordinates,
      },
    })),
  };
  writeFileSync(path, JSON.stringify(fc));
  return path;
}

export function options(
  overrides: Partial<BuildOptions> & Pick<BuildOptions, 'division' | 'out'>,
): BuildOptions {
  return {
    datum: 'WGS84',
    history: true,
    repair: 'repair',
    tolerance: 2,
    seed: 7,
    historyEndsOn: '2026-11-20',
    historyDays: 3,
    historyPerDay: 20,
    ...overrides,
  };
}
