// The dataset builder on a district whose community boundaries come from its grid system as a
// zipped Shapefile: projected (CGCS2000 Gauss–Krüger CM 105E), a GBK attribute table with a
// CP936 .cpg (which shpjs alone would garble), names that match the division list only once
// normalised, a gap and an overlap between neighbours below the tolerance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '../../scripts/data/build-dataset';
import { codePageLabel } from '../../scripts/data/shapefile';
import { formatProblem, inspectDataset } from '../../server/dataset/check';
import { options, rect, writeDivisions, writeGeoJSON } from './data-build-fixtures';
import { gaussKruger105, shapefileZip, type ShapeRecord } from './shapefile-writer';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'data-build-shp-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [W, S, E, N] = [104.0, 30.6, 104.03, 30.625];
const [MX, MY] = [(W + E) / 2, (S + N) / 2];

/** A lon/lat rectangle in Gauss–Krüger metres, then nudged: dx/dy per side, in metres. */
function quadrant(
  w: number,
  s: number,
  e: number,
  n: number,
  nudge: { east?: number; south?: number } = {},
) {
  const ring = rect(w, s, e, n).map(gaussKruger105);
  // rect's order: [w,s], [e,s], [e,n], [w,n], [w,s]
  for (const i of [1, 2]) ring[i]![0] += nudge.east ?? 0;
  for (const i of [0, 1, 4]) ring[i]![1] += nudge.south ?? 0;
  return [ring];
}

describe('community boundaries from a zipped Shapefile (GBK, projected CRS)', () => {
  it('maps the code pages GDAL and ArcGIS write for GBK', () => {
    for (const cpg of ['CP936', '936', 'ANSI 936', 'cp936\r\n', 'GBK', 'GB2312'])
      expect(codePageLabel(cpg)).toBe('gbk');
    expect(codePageLabel('UTF-8')).toBe('utf-8');
    expect(codePageLabel('65001')).toBe('utf-8');
  });

  it('matches them by code or name, repairs the gap and the overlap, and builds a valid dataset', async () => {
    const divisions = writeDivisions(root, { code: '510197', name: '网格区' }, [
      {
        code: '510197001',
        name: '青石街道',
        villages: [
          ['510197001001', '青石社区居委会'],
          ['510197001002', '白塔社区居委会'],
        ],
      },
      {
        code: '510197002',
        name: '红星街道',
        villages: [
          ['510197002001', '红星社区居委会'],
          ['510197002002', '柳林村村民委员会'],
        ],
      },
    ]);
    const records: ShapeRecord[] = [
      // SW, its east side 0.3 m short of its neighbour: a gap
      {
        rings: quadrant(W, S, MX, MY, { east: -0.3 }),
        attributes: { SQDM: '510197001001', SQMC: '青石社区' },
      },
      // NW, its south side 0.4 m into the SW one: an overlap; matched by name only
      {
        rings: quadrant(W, MY, MX, N, { south: -0.4 }),
        attributes: { SQDM: '', SQMC: '白塔社区居民委员会' },
      },
      { rings: quadrant(MX, S, E, MY), attributes: { SQDM: '510197002001', SQMC: '红星' } },
      { rings: quadrant(MX, MY, E, N), attributes: { SQDM: '', SQMC: '柳林村' } },
    ];
    const zip = join(root, 'communities.zip');
    writeFileSync(zip, shapefileZip('社区边界', records));
    const outline = writeGeoJSON(join(root, 'outline.geojson'), [
      { coordinates: [rect(W, S, E, N)] },
    ]);
    const out = join(root, 'grid-district');

    const report = await buildDataset(
      options({ division: '510197', out, divisions, outline, communities: zip, history: false }),
    );

    const { problems } = await inspectDataset(out);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(report).toContain(
      'communities: 4 matched (2 by code, 2 by name), 0 features unmatched, 0 of the list without a boundary',
    );
    const repairs = report.filter((l) => / (gap|overlap) at /.test(l));
    expect(repairs).toEqual([
      // ≈0.4 m × 1,443 m where the NW community reaches into the SW one
      expect.stringMatching(
        /^ {2}510197001002: overlap at \[104\.0\d+, 30\.612\d+\], [56]\d\d m², 0\.4\d m wide shared with 510197001001, left to 510197001001$/,
      ),
      // ≈0.3 m × 1,386 m (after rounding to 6 decimals) between the SW and SE communities, up to where the NW one begins
      expect.stringMatching(
        /^ {2}51019700[12]001: gap at \[104\.01\d*, 30\.6\d+\], [34]\d\d m², 0\.[23]\d m wide of 510197 covered by none, given to 51019700[12]001$/,
      ),
    ]);

    const regions = (
      JSON.parse(readFileSync(join(out, 'regions.geojson'), 'utf8')) as {
        features: Array<{
          properties: {
            id: string;
            name: string;
            level: string;
            synthetic: boolean;
            kind?: string;
          };
        }>;
      }
    ).features.map((f) => f.properties);
    const communities = regions.filter((r) => r.level === 'community');
    expect(communities.map((c) => [c.id, c.name, c.synthetic, c.kind])).toEqual([
      ['510197001001', '青石社区', false, undefined],
      ['510197001002', '白塔社区', false, undefined],
      ['510197002001', '红星社区', false, undefined],
      ['510197002002', '柳林村', false, 'village'],
    ]);
    expect(regions.filter((r) => r.level === 'street').every((s) => !s.synthetic)).toBe(true);
    expect(regions.filter((r) => r.level === 'grid').every((g) => g.synthetic)).toBe(true);
  });
});
