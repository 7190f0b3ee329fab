// The dataset builder (npm run data:build) on small districts made here: each built dataset must
// pass the server's own checker, carry the kinds and level labels of its division list, and a
// broken outline must be repaired with a report — or refused with --no-repair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import gcoord from 'gcoord';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildRefused, buildDataset } from '../../scripts/data/build-dataset';
import { parseBuildArgs } from '../../scripts/data/build';
import { inspectDataset, formatProblem } from '../../server/dataset/check';
import { options, rect, writeDivisions, writeGeoJSON } from './data-build-fixtures';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'data-build-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Region {
  properties: {
    id: string;
    name: string;
    level: string;
    kind?: string;
    synthetic: boolean;
    parentId: string | null;
  };
}
const regionsOf = (dir: string) =>
  (
    JSON.parse(readFileSync(join(dir, 'regions.geojson'), 'utf8')) as { features: Region[] }
  ).features.map((f) => f.properties);
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

async function expectValid(dir: string): Promise<void> {
  const { problems } = await inspectDataset(dir);
  expect(problems.map(formatProblem)).toEqual([]);
}

/** 2.9 km × 2.8 km in Chengdu's latitude: small enough to build in seconds. */
const BOX = [104.0, 30.6, 104.03, 30.625] as const;

describe('a district from a division list and an outline only', () => {
  it('builds a valid demo dataset with generated levels and the default labels', async () => {
    const dir = join(root, 'plain');
    const divisions = writeDivisions(dir === '' ? root : root, { code: '510199', name: '示例区' }, [
      {
        code: '510199001',
        name: '东街街道',
        villages: [
          ['510199001001', '东街社区居委会'],
          ['510199001002', '南门社区居民委员会'],
        ],
      },
      {
        code: '510199002',
        name: '西街街道',
        villages: [
          ['510199002001', '西街社区居委会'],
          ['510199002002', '北门社区居委会'],
          ['510199002003', '望江社区居委会'],
        ],
      },
    ]);
    const outline = writeGeoJSON(join(root, 'plain-outline.geojson'), [
      { properties: { name: '示例区' }, coordinates: [rect(...BOX)] },
    ]);
    const argv = [
      '--division',
      '510199',
      '--out',
      dir,
      '--divisions',
      divisions,
      '--outline',
      outline,
      '--name-en',
      'Example District',
      '--seed',
      '7',
      '--history-ends-on',
      '2026-11-20',
      '--history-days',
      '3',
      '--history-per-day',
      '20',
    ];
    const report = await buildDataset(parseBuildArgs(argv));
    expect(report.at(-1)).toMatch(/2 streets, 5 communities, \d+ grids/);
    await expectValid(dir);

    const regions = regionsOf(dir);
    expect(regions.filter((r) => r.level === 'street').map((r) => r.name)).toEqual([
      '东街街道',
      '西街街道',
    ]);
    expect(regions.filter((r) => r.level === 'community').map((r) => r.name)).toEqual([
      '东街社区',
      '南门社区',
      '西街社区',
      '北门社区',
      '望江社区',
    ]);
    expect(regions.filter((r) => r.level !== 'district').every((r) => r.synthetic)).toBe(true);
    expect(regions.some((r) => 'kind' in r)).toBe(false); // all default kinds: 街道, 社区
    const manifest = manifestOf(dir);
    expect(manifest).toMatchObject({
      id: 'plain',
      name: '示例区',
      nameEn: 'Example District',
      districtCode: '510199',
      demo: true,
      shiftHistoryToNow: true,
    });
    expect(manifest).not.toHaveProperty('levels');
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').split('\n').length).toBeGreaterThan(30);
  });
});

describe('a county with 镇, 村 and a development zone', () => {
  it('marks each region with its kind and labels both levels from the kinds present', async () => {
    const dir = join(root, 'county');
    const divisions = writeDivisions(root, { code: '360799', name: '示例县' }, [
      { code: '360799001', name: '东风街道', villages: [['360799001001', '东风社区居委会']] },
      {
        code: '360799100',
        name: '城关镇',
        villages: [
          ['360799100001', '新华社区居民委员会'],
          ['360799100201', '石桥村村民委员会'],
        ],
      },
      { code: '360799101', name: '龙湖乡', villages: [['360799101201', '潭口村委会']] },
      {
        code: '360799400',
        name: '示例经济技术开发区',
        villages: [
          ['360799400001', '金岭社区居委会'],
          ['360799400201', '湖边村民委员会'],
        ],
      },
    ]);
    const outline = writeGeoJSON(join(root, 'county-outline.geojson'), [
      { coordinates: [rect(114.9, 25.8, 114.94, 25.83)] },
    ]);
    await buildDataset(
      options({ division: '360799', out: dir, divisions, outline, history: false }),
    );
    await expectValid(dir);

    const kinds = Object.fromEntries(
      regionsOf(dir)
        .filter((r) => r.level === 'street' || r.level === 'community')
        .map((r) => [r.name, r.kind ?? '(default)']),
    );
    expect(kinds).toEqual({
      东风街道: '(default)',
      东风社区: '(default)',
      城关镇: 'town',
      新华社区: '(default)',
      石桥村: 'village',
      龙湖乡: 'township',
      潭口村: 'village',
      示例经济技术开发区: 'devzone',
      金岭社区: '(default)',
      湖边村: 'village',
    });
    const manifest = manifestOf(dir);
    expect(manifest.levels).toEqual({
      street: { zh: '街道/镇/乡/开发区', en: 'Subdistrict/Town/Township/Development zone' },
      community: { zh: '社区/村', en: 'Community/Village' },
    });
    expect(manifest).toMatchObject({ name: '示例县', demo: false, shiftHistoryToNow: false });
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(1); // header only
  });
});

describe('a broken outline', () => {
  const [w, s, e, n] = BOX;
  const ring = [
    [w, s],
    [w, s], // duplicate vertex
    [e, s],
    [e, 30.61],
    [e + 0.005, 30.605], // a lobe that touches the ring at [e, 30.61]…
    [e + 0.005, 30.615],
    [e, 30.61], // …here
    [e, n],
    [104.015, n],
    [104.015001, n + 0.003], // a spike 330 m long, 0.1 m wide
    [104.015002, n],
    [w, n],
    [w, s],
  ];
  const sliver = rect(104.04, 30.61, 104.042, 30.610005); // 190 m × 0.55 m, apart from the rest
  let divisions: string;
  let outline: string;
  beforeAll(() => {
    divisions = writeDivisions(root, { code: '510198', name: '破损区' }, [
      {
        code: '510198001',
        name: '一街道',
        villages: [
          ['510198001001', '一社区居委会'],
          ['510198001002', '二社区居委会'],
        ],
      },
    ]);
    outline = writeGeoJSON(join(root, 'broken.geojson'), [{ coordinates: [[ring], [sliver]] }]);
  });

  it('is repaired, and the report lists each repair with its place and size', async () => {
    const dir = join(root, 'repaired');
    const report = await buildDataset(
      options({ division: '510198', out: dir, divisions, outline, history: false }),
    );
    await expectValid(dir);
    const repairs = report.filter((l) => l.startsWith('  510198:'));
    expect(repairs).toEqual([
      '  510198: duplicate vertex at [104, 30.6], 0 m apart',
      expect.stringMatching(
        /^ {2}510198: spike at \[104\.015001, 30\.628\], 33\d m long, 0\.19 m wide$/,
      ),
      // the spike's two base vertices, 0.19 m apart once its tip is gone
      '  510198: near-duplicate vertex at [104.015002, 30.625], 0.19 m apart',
      '  510198: self-touching ring at [104.03, 30.61], split at one vertex',
      expect.stringMatching(
        /^ {2}510198: sliver at \[104\.04\d*, 30\.61\d*\], 10\d m², 0\.56 m wide$/,
      ),
    ]);
    const district = JSON.parse(readFileSync(join(dir, 'regions.geojson'), 'utf8')) as {
      features: Array<{ geometry: { type: string; coordinates: number[][][][] } }>;
    };
    const geometry = district.features[0]!.geometry;
    expect(geometry.type).toBe('MultiPolygon'); // the square and the lobe, touching at one vertex
    expect(geometry.coordinates).toHaveLength(2);
    expect(JSON.stringify(geometry)).not.toContain('30.628'); // the spike is gone
    expect(JSON.stringify(geometry)).not.toContain('104.042'); // so is the sliver
  });

  it('is refused with --no-repair, listing what would need repair, and nothing is written', async () => {
    const dir = join(root, 'refused');
    const build = buildDataset(
      options({
        division: '510198',
        out: dir,
        divisions,
        outline,
        history: false,
        repair: 'refuse',
      }),
    );
    await expect(build).rejects.toBeInstanceOf(BuildRefused);
    const lines = await build.catch((err: BuildRefused) => err.lines);
    expect(lines[0]).toBe('--no-repair: 5 defects would need repair:');
    expect(lines.slice(1).map((l) => l.split(' at ')[0])).toEqual([
      '510198: duplicate vertex',
      '510198: spike',
      '510198: near-duplicate vertex',
      '510198: self-touching ring',
      '510198: sliver',
    ]);
    expect(existsSync(dir)).toBe(false);
  });

  it('a crossing far above the tolerance is refused with the checker message', async () => {
    const bowTie = [
      [w, s],
      [e, n],
      [e, s],
      [w, n],
      [w, s],
    ];
    const path = writeGeoJSON(join(root, 'bow-tie.geojson'), [{ coordinates: [bowTie] }]);
    const build = buildDataset(
      options({
        division: '510198',
        out: join(root, 'bow-tie'),
        divisions,
        outline: path,
        history: false,
      }),
    );
    const lines = await build.then(
      () => [],
      (err: BuildRefused) => err.lines,
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^510198: self-intersecting polygon: edges cross at \[104\.015, 30\.6125\] \(untwisting it changes the area by [\d,]+ m², above 100 m²\)$/,
      ),
    ]);
  });
});

describe('files in GCJ-02, with the district’s own stations', () => {
  it('converts every input to WGS84 and places each station in its community', async () => {
    const toGcj = (p: number[]) =>
      gcoord.transform<[number, number]>([p[0]!, p[1]!], gcoord.WGS84, gcoord.GCJ02);
    const divisions = writeDivisions(root, { code: '510196', name: '火星区' }, [
      {
        code: '510196001',
        name: '一街道',
        villages: [
          ['510196001001', '一社区居委会'],
          ['510196001002', '二社区居委会'],
        ],
      },
    ]);
    const outline = writeGeoJSON(join(root, 'gcj-outline.geojson'), [
      { coordinates: [rect(...BOX).map(toGcj)] },
    ]);
    const inside: [number, number] = [104.015, 30.6125]; // WGS84, the middle of the district
    const csv = [
      'name,kind,lon,lat',
      `一街道党群服务中心,party_center,${toGcj(inside).join(',')}`,
      `一社区党群服务驿站,党群服务驿站,${toGcj([104.002, 30.602]).join(',')}`,
      `远方服务站,volunteer,${toGcj([104.2, 30.7]).join(',')}`,
      `无类型站,teahouse,${toGcj(inside).join(',')}`,
    ].join('\n');
    const stationsFile = join(root, 'stations.csv');
    writeFileSync(stationsFile, csv);
    const dir = join(root, 'gcj');
    const report = await buildDataset(
      options({
        division: '510196',
        out: dir,
        divisions,
        outline,
        stations: stationsFile,
        datum: 'GCJ02',
        history: false,
      }),
    );
    await expectValid(dir);

    const bbox = manifestOf(dir).bbox as number[];
    BOX.forEach((v, i) => expect(Math.abs(bbox[i]! - v)).toBeLessThan(2e-5)); // ≈ 2 m: GCJ-02 is ≈ 500 m off
    const stations = (
      JSON.parse(readFileSync(join(dir, 'stations.geojson'), 'utf8')) as {
        features: Array<{
          properties: { name: string; kind: string; regionId: string; hours: string };
          geometry: { coordinates: number[] };
        }>;
      }
    ).features;
    expect(stations.map((s) => [s.properties.name, s.properties.kind])).toEqual([
      ['一街道党群服务中心', 'party_center'],
      ['一社区党群服务驿站', 'party_post'],
    ]);
    const centre = stations[0]!.geometry.coordinates;
    expect(Math.abs(centre[0]! - inside[0]) + Math.abs(centre[1]! - inside[1])).toBeLessThan(2e-6);
    expect(stations.every((s) => s.properties.hours.length > 0)).toBe(true);
    expect(report).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stations: 2 placed from /),
        expect.stringMatching(
          /#3 远方服务站: left out, \[104\.2\d*, 30\.7\d*\] is in no community$/,
        ),
        expect.stringMatching(/#4 无类型站: left out \(needs name, kind of party_center\//),
      ]),
    );
  });
});

describe('a district with its own communities and, for one of them, its own grids', () => {
  it('uses the given grids where there are some and generates the rest', async () => {
    const [w, s, e, n] = BOX;
    const mid = (w + e) / 2;
    const divisions = writeDivisions(root, { code: '510195', name: '网格区' }, [
      {
        code: '510195001',
        name: '一街道',
        villages: [
          ['510195001001', '西社区居委会'],
          ['510195001002', '东社区居委会'],
        ],
      },
    ]);
    const communities = writeGeoJSON(join(root, 'own-communities.geojson'), [
      { properties: { code: '510195001001' }, coordinates: [rect(w, s, mid, n)] },
      { properties: { name: '东社区' }, coordinates: [rect(mid, s, e, n)] },
    ]);
    const grids = writeGeoJSON(join(root, 'own-grids.geojson'), [
      { properties: { name: '西一网格' }, coordinates: [rect(w, s, mid, 30.6125)] },
      { properties: { name: '西二网格' }, coordinates: [rect(w, 30.6125, mid, n)] },
    ]);
    const dir = join(root, 'own-grids');
    const report = await buildDataset(
      options({ division: '510195', out: dir, divisions, communities, grids, history: false }),
    );
    await expectValid(dir);
    expect(report).toContain('grids: 2 placed in 1 communities (the rest are generated)');
    const regions = regionsOf(dir);
    const gridsOf = (id: string) => regions.filter((r) => r.parentId === id);
    expect(gridsOf('510195001001').every((g) => !g.synthetic)).toBe(true);
    expect(new Set(gridsOf('510195001001').map((g) => g.name))).toEqual(
      new Set(['西一网格', '西二网格']),
    );
    expect(gridsOf('510195001002').length).toBeGreaterThanOrEqual(8);
    expect(gridsOf('510195001002').every((g) => g.synthetic)).toBe(true);
    expect(regions.filter((r) => r.level === 'community').every((c) => !c.synthetic)).toBe(true);
  });
});
