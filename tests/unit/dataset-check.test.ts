import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  REGION_LEVELS,
  RESPONSE_TIERS,
  STATION_KINDS,
} from '../../shared/protocol';
import { FIGURES_COLUMNS, HISTORY_COLUMNS } from '../../server/dataset/load';
import { readSchema, SCHEMA_FILES } from '../../server/dataset/check-schema';
import { FIGURES_COLUMNS as GENERATED_FIGURES } from '../../scripts/data/figures';
import { HISTORY_COLUMNS as GENERATED_HISTORY } from '../../scripts/data/history';
import { inspectDataset } from '../../server/dataset/check';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { datasetHash } from '../../server/dataset/check-cache';
import { positionFault } from '../../server/dataset/check-coords';
import type { DatasetProblem } from '../../server/dataset/types';
import {
  tinyFiguresCsv,
  tinyHistoryCsv,
  tinyManifest,
  tinyRegions,
  tinyStations,
  writeTinyDataset,
  type TinyOverrides,
} from '../fixtures/tiny-dataset';

type Feature = {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: number[][][] | number[] };
};

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dataset-check-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function tinyDir(overrides: TinyOverrides = {}): Promise<string> {
  const dir = join(root, `d${n++}`);
  await writeTinyDataset(dir, overrides);
  return dir;
}

async function problemsOf(overrides: TinyOverrides): Promise<DatasetProblem[]> {
  return (await inspectDataset(await tinyDir(overrides))).problems;
}

const regions = () => tinyRegions() as Feature[];
const indexOf = (features: Feature[], id: string) =>
  features.findIndex((f) => f.properties.id === id);

/** Replaces the cell `column` of CSV line `line` (1-based, header = 1). */
function editCsv(csv: string, line: number, column: number, value: string): string {
  const lines = csv.split('\n');
  const cells = lines[line - 1]!.split(',');
  cells[column] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

/** Writes bytes that are not UTF-8 where `marker` stands in the file. */
async function spoilBytes(dir: string, file: string, marker: string, bytes: number[]) {
  const buf = await readFile(join(dir, file));
  const at = buf.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  await writeFile(
    join(dir, file),
    Buffer.concat([buf.subarray(0, at), Buffer.from(bytes), buf.subarray(at + marker.length)]),
  );
}

describe('checkDataset on valid data', () => {
  it('finds nothing wrong with the committed 金牛区 dataset, in a few seconds', async () => {
    const started = performance.now();
    const { dataset, problems } = await inspectDataset('data/jinniu');
    const seconds = (performance.now() - started) / 1000;
    expect(problems).toEqual([]);
    expect(dataset.regions.features).toHaveLength(1 + 13 + 90 + 1205);
    // ≈1.5 s on an idle 2-core machine; the bound leaves room for a busy one.
    expect(seconds).toBeLessThan(15);
  }, 30_000);

  it('finds nothing wrong with the tiny fixture, and loadValidDataset returns it', async () => {
    const dir = await tinyDir();
    expect((await inspectDataset(dir)).problems).toEqual([]);
    expect((await loadValidDataset(dir)).figures).toHaveLength(8);
  });
});

describe('checkDataset names each kind of spoilage with its file and place', () => {
  it('a missing parent', async () => {
    const features = regions();
    const i = indexOf(features, '999901001002');
    features[i]!.properties.parentId = '999901009';
    expect(await problemsOf({ regions: features })).toContainEqual({
      file: 'regions.geojson',
      index: i,
      message: 'missing parent: parentId 999901009 is not the id of any region',
    });
  });

  it('a grid outside its community', async () => {
    const features = regions();
    const i = indexOf(features, '999901001001-G01');
    const ring = features[i]!.geometry.coordinates as number[][][];
    // 0.03° east: entirely inside the other street.
    features[i]!.geometry.coordinates = ring.map((r) => r.map(([x, y]) => [x! + 0.03, y!]));
    features[i]!.properties.center = [104.035, 30.705];
    const problems = await problemsOf({ regions: features });
    const outside = problems.filter((p) => p.index === i);
    expect(outside).toHaveLength(1);
    expect(outside[0]!.file).toBe('regions.geojson');
    expect(outside[0]!.message).toMatch(
      /^grid 999901001001-G01 lies outside its parent community 999901001001 \(#2\): 1,0\d\d,\d{3} m², 100% of its area$/,
    );
    // The hole it leaves is reported on the community.
    expect(problems).toContainEqual(
      expect.objectContaining({
        index: 2,
        message: expect.stringMatching(
          /^1,0\d\d,\d{3} m² \(50%\) of community 999901001001 is covered by none of its grids$/,
        ),
      }),
    );
  });

  it('a duplicate id', async () => {
    const features = regions();
    const first = indexOf(features, '999901001001-G01');
    const second = indexOf(features, '999901001001-G02');
    features[second]!.properties.id = '999901001001-G01';
    expect(await problemsOf({ regions: features })).toContainEqual({
      file: 'regions.geojson',
      index: second,
      message: `duplicate id 999901001001-G01 (also #${first}, 第1网格)`,
    });
  });

  it('a self-intersecting polygon', async () => {
    const features = regions();
    const i = indexOf(features, '999901001002-G01');
    // A bow-tie over the grid's box [104.00, 30.71, 104.01, 30.72]: edges cross at its middle.
    features[i]!.geometry.coordinates = [
      [
        [104.0, 30.71],
        [104.01, 30.72],
        [104.01, 30.71],
        [104.0, 30.72],
        [104.0, 30.71],
      ],
    ];
    const problems = await problemsOf({ regions: features });
    expect(problems).toContainEqual({
      file: 'regions.geojson',
      index: i,
      message: 'self-intersecting polygon: edges cross at [104.005, 30.715]',
    });
  });

  it('swapped lon/lat in a station and in a grid', async () => {
    const stations = tinyStations() as Feature[];
    stations[1]!.geometry.coordinates = [30.715, 104.015];
    const features = regions();
    const i = indexOf(features, '999901002001-G01');
    const ring = features[i]!.geometry.coordinates as number[][][];
    features[i]!.geometry.coordinates = ring.map((r) => r.map(([x, y]) => [y!, x!]));
    const problems = await problemsOf({ stations, regions: features });
    expect(problems).toContainEqual({
      file: 'stations.geojson',
      index: 1,
      message:
        'position [30.715, 104.015] has latitude 104.015 > 90: lon/lat swapped (write [lon, lat])',
    });
    expect(problems).toContainEqual({
      file: 'regions.geojson',
      index: i,
      message:
        'position [30.7, 104.02] has latitude 104.02 > 90: lon/lat swapped (write [lon, lat]) (and 4 more of 5 positions)',
    });
  });

  it('bytes that are not UTF-8, in a GeoJSON name and in a CSV line', async () => {
    const features = regions();
    const i = indexOf(features, '999901001001');
    features[i]!.properties.name = '测试@@社区';
    const dir = await tinyDir({
      regions: features,
      historyCsv: tinyHistoryCsv().replace('H000003', 'H@@3'),
    });
    // 0xC4 0xE3 is 你 in GBK: what a file saved by a Chinese-locale Excel holds.
    await spoilBytes(dir, 'regions.geojson', '@@', [0xc4, 0xe3]);
    await spoilBytes(dir, 'history.csv', '@@', [0xc4, 0xe3]);
    const { problems } = await inspectDataset(dir);
    expect(problems).toContainEqual({
      file: 'regions.geojson',
      index: i,
      message:
        'properties.name is not UTF-8 text: "测试\uFFFD\uFFFD社区" (� marks bytes that are not UTF-8; save the file as UTF-8)',
    });
    expect(problems).toContainEqual({
      file: 'history.csv',
      line: 4,
      message:
        'not UTF-8: bytes C4 E3 at byte 2 of the line (GBK or another legacy encoding?); save the file as UTF-8',
    });
  });

  it('an unknown category in history', async () => {
    const historyCsv = editCsv(tinyHistoryCsv(), 4, 1, 'graffiti');
    expect(await problemsOf({ historyCsv })).toEqual([
      {
        file: 'history.csv',
        line: 4,
        message: `unknown category "graffiti" (one of ${PROBLEM_CATEGORIES.join(', ')})`,
      },
    ]);
  });

  it('figures for an unknown grid (and so none for the real one)', async () => {
    const figuresCsv = editCsv(tinyFiguresCsv(), 3, 0, '999901001001-G09');
    // File-wide problems come first, then lines in order.
    expect(await problemsOf({ figuresCsv })).toEqual([
      { file: 'figures.csv', message: 'no row for grid 999901001001-G02 (regions.geojson#4)' },
      {
        file: 'figures.csv',
        line: 3,
        message:
          'figures for an unknown grid: gridId 999901001001-G09 is not a region in regions.geojson',
      },
    ]);
  });

  it('history rows in an unknown grid, a community given as grid, bad numbers and dates', async () => {
    let historyCsv = editCsv(tinyHistoryCsv(), 2, 3, '999901001001-G07');
    historyCsv = editCsv(historyCsv, 3, 3, '999901001001');
    historyCsv = editCsv(historyCsv, 5, 6, '2026-02-30T09:00:00+08:00');
    const figuresCsv = editCsv(tinyFiguresCsv(), 2, 2, 'many');
    const problems = await problemsOf({ historyCsv, figuresCsv });
    expect(problems).toEqual([
      {
        file: 'figures.csv',
        line: 2,
        message: 'population is not a number, must be a whole number ≥ 0',
      },
      {
        file: 'history.csv',
        line: 2,
        message:
          'row in an unknown grid: gridId 999901001001-G07 is not a region in regions.geojson',
      },
      {
        file: 'history.csv',
        line: 3,
        message: 'row in an unknown grid: gridId 999901001001 is a community, not a grid',
      },
      {
        file: 'history.csv',
        line: 5,
        message:
          'reportedAt "2026-02-30T09:00:00+08:00" is not an ISO date-time with offset (e.g. 2026-08-22T09:30:00+08:00)',
      },
    ]);
  });

  it('workflow steps out of order or past the end of history', async () => {
    let historyCsv = editCsv(tinyHistoryCsv(), 2, 11, '2026-11-01T08:00:00+08:00');
    historyCsv = editCsv(historyCsv, 3, 14, '');
    historyCsv = editCsv(historyCsv, 21, 8, '2026-11-21T11:00:00+08:00');
    const problems = await problemsOf({ historyCsv });
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '2: closedAt 2026-11-01T08:00:00+08:00 is before handledAt',
      '3: rating and ratedAt must be both set or both empty',
      '21: respondedAt 2026-11-21T11:00:00+08:00 is after historyEndsOn',
    ]);
  });

  it('a community left uncovered by its grids', async () => {
    const features = regions().filter((f) => f.properties.id !== '999901002002-G02');
    const problems = await problemsOf({ regions: features });
    expect(problems).toContainEqual({
      file: 'regions.geojson',
      index: indexOf(features, '999901002002'),
      message: expect.stringMatching(
        /^1,0\d\d,\d{3} m² \(50%\) of community 999901002002 is covered by none of its grids$/,
      ),
    });
    expect(problems).toContainEqual({
      file: 'figures.csv',
      line: 9,
      message:
        'figures for an unknown grid: gridId 999901002002-G02 is not a region in regions.geojson',
    });
  });

  it('projected metres, a manifest in the wrong datum, a missing file', async () => {
    const features = regions();
    const i = indexOf(features, '999901001001-G02');
    const ring = features[i]!.geometry.coordinates as number[][][];
    // Web Mercator metres of the same box.
    features[i]!.geometry.coordinates = ring.map((r) =>
      r.map(([x, y]) => [x! * 111_319.49, y! * 120_000]),
    );
    const dir = await tinyDir({
      regions: features,
      manifest: { ...tinyManifest(), datum: 'GCJ02' },
    });
    await rm(join(dir, 'context.geojson'));
    const { problems } = await inspectDataset(dir);
    expect(problems).toContainEqual({
      file: 'manifest.json',
      message: 'datum is "GCJ02", must be "WGS84"',
    });
    expect(problems).toContainEqual({ file: 'context.geojson', message: 'file is missing' });
    expect(problems).toContainEqual({
      file: 'regions.geojson',
      index: i,
      message: expect.stringMatching(
        /^position \[11578\d+\.?\d*, 36\d+\.?\d*\] looks like projected metres, not WGS84 lon\/lat degrees \(and 4 more of 5 positions\)$/,
      ),
    });
  });

  it('positionFault tells swapped lon/lat from far points by the dataset bbox', () => {
    const bbox: [number, number, number, number] = [10, 40, 11, 41];
    expect(positionFault([40.5, 10.5], bbox)).toBe(
      'position [40.5, 10.5] is lat/lon: lon/lat swapped (write [lon, lat])',
    );
    expect(positionFault([12.5, 40.5], bbox)).toBe(
      'position [12.5, 40.5] is outside the dataset bbox [10, 40]–[11, 41]',
    );
    expect(positionFault([10.5, 40.5], bbox)).toBeNull();
    expect(positionFault([200, 10])).toBe('position [200, 10] has longitude 200 outside ±180');
  });
});

describe('loadValidDataset', () => {
  it('throws one line per problem, as file#index or file:line, then the message', async () => {
    const features = regions();
    features[5]!.properties.parentId = '999901009';
    const dir = await tinyDir({
      regions: features,
      historyCsv: editCsv(tinyHistoryCsv(), 4, 1, 'graffiti'),
    });
    const error = await loadValidDataset(dir).then(
      () => null,
      (e: Error) => e,
    );
    const lines = error?.message.split('\n') ?? [];
    expect(lines[0]).toMatch(/^invalid dataset .* \(\d+ problems\):$/);
    expect(lines).toContain(
      'regions.geojson#5: missing parent: parentId 999901009 is not the id of any region',
    );
    expect(lines).toContain(
      `history.csv:4: unknown category "graffiti" (one of ${PROBLEM_CATEGORIES.join(', ')})`,
    );
  });
});

describe('loadValidDataset with a record of the last passed check', () => {
  it('checks again only when a file changed', async () => {
    const dir = await tinyDir();
    const record = join(root, `record-${n++}`);
    await loadValidDataset(dir, record);
    expect((await readFile(record, 'utf8')).trim()).toBe(datasetHash(dir));

    // A fault only the checker sees (a parent that does not exist): the files changed, so the
    // record no longer matches and the start is refused.
    const features = regions();
    features[5]!.properties.parentId = '999901009';
    await writeFile(
      join(dir, 'regions.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features }),
    );
    await expect(loadValidDataset(dir, record)).rejects.toThrow(/missing parent/);
    expect((await readFile(record, 'utf8')).trim()).not.toBe(datasetHash(dir));

    // Had these very files passed before, they would only be read (the check is what is skipped).
    await writeFile(record, datasetHash(dir));
    expect((await loadValidDataset(dir, record)).regions.features).toHaveLength(features.length);
  });
});

describe('npm run data:check (the CLI)', () => {
  const run = promisify(execFile);
  const cli = (dir: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/data/check.ts', dir]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('exits 1 and names the file, the line and the problem', async () => {
    const dir = await tinyDir({ historyCsv: editCsv(tinyHistoryCsv(), 4, 1, 'graffiti') });
    const { code, stdout, stderr } = await cli(dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `history.csv:4: unknown category "graffiti" (one of ${PROBLEM_CATEGORIES.join(', ')})`,
    );
    expect(stderr).toContain(`${dir}: 1 problem\n`);
  });

  it('exits 0 with a one-line summary on a valid directory', async () => {
    const dir = await tinyDir();
    const { code, stdout, stderr } = await cli(dir);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^.*: valid — 测试区 \(999901\): 1 district, 2 streets, 4 communities, 8 grids, 3 stations, 20 history rows \(checked in \d+\.\d s\)\n$/,
    );
  });
});

describe('data/schemas', () => {
  type Schema = { properties: Record<string, { enum?: string[] }>; required: string[] };
  const defs = (name: 'regions' | 'stations') =>
    (readSchema(name) as { $defs: Record<string, Schema> }).$defs;

  it('name the same values as protocol.ts and the same columns as the loader and generator', () => {
    expect(defs('regions').region!.properties.level!.enum).toEqual([...REGION_LEVELS]);
    expect(defs('stations').station!.properties.kind!.enum).toEqual([...STATION_KINDS]);
    const history = readSchema('history') as Schema;
    expect(history.properties.category!.enum).toEqual([...PROBLEM_CATEGORIES]);
    expect(history.properties.source!.enum).toEqual([...PROBLEM_SOURCES]);
    expect(history.properties.tier!.enum).toEqual(['', ...RESPONSE_TIERS]);
    expect(history.properties.rating!.enum).toEqual(['', ...RATINGS]);
    expect(history.required).toEqual([...HISTORY_COLUMNS]);
    expect([...HISTORY_COLUMNS]).toEqual([...GENERATED_HISTORY]);
    expect((readSchema('figures') as Schema).required).toEqual([...FIGURES_COLUMNS]);
    expect([...FIGURES_COLUMNS]).toEqual([...GENERATED_FIGURES]);
  });

  it('accept every row of the committed CSV files (the row schemas document them)', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const name of SCHEMA_FILES) ajv.addSchema(readSchema(name), `${name}.schema.json`);
    for (const name of ['figures', 'history'] as const) {
      const rows = parse(await readFile(`data/jinniu/${name}.csv`, 'utf8'), { columns: true });
      const validate = ajv.getSchema(`${name}.schema.json`)!;
      const bad = rows.filter((r) => !validate(r));
      expect(bad, `${name}: ${JSON.stringify(validate.errors)}`).toEqual([]);
    }
  });
});
