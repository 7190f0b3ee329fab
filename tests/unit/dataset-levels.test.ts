// A county's levels in the dataset: regions carry their kind (镇, 村, 开发区) and the manifest
// names the levels (街道/镇) and says whether it is a demo. The checker accepts them, refuses
// malformed ones with a message that says what to fix, and /api/geo hands the names to the screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectDataset } from '../../server/dataset/check';
import { readSchema } from '../../server/dataset/check-schema';
import type { DatasetProblem } from '../../server/dataset/types';
import { LABELLED_LEVELS, REGION_KINDS, type GeoBundle } from '../../shared/protocol';
import {
  TINY_DISTRICT_ID,
  TINY_STREET_IDS,
  tinyCountyOverrides,
  tinyManifest,
  tinyRegions,
  writeTinyDataset,
  type TinyOverrides,
} from '../fixtures/tiny-dataset';
import { ADMIN, buildTestApp } from '../integration/build-app';

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dataset-levels-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function countyDir(over: TinyOverrides = {}): Promise<string> {
  const dir = join(root, `d${n++}`);
  await writeTinyDataset(dir, { ...tinyCountyOverrides(), ...over });
  return dir;
}
const problemsOf = async (over: TinyOverrides): Promise<DatasetProblem[]> =>
  (await inspectDataset(await countyDir(over))).problems;
const withManifest = (extra: Record<string, unknown>) => ({
  manifest: { ...tinyCountyOverrides().manifest, ...extra },
});

describe('a county dataset with kinds and level names', () => {
  it('is valid, and the loader keeps kind, levels and demo', async () => {
    const { dataset, problems } = await inspectDataset(await countyDir());
    expect(problems).toEqual([]);
    expect(dataset.manifest.levels?.street).toEqual({
      zh: '镇/开发区',
      en: 'Town/Development zone',
    });
    expect(dataset.manifest.demo).toBe(true);
    const kindOf = (id: string) =>
      dataset.regions.features.find((f) => f.properties.id === id)?.properties.kind;
    expect(kindOf(TINY_STREET_IDS[0])).toBe('town');
    expect(kindOf(`${TINY_STREET_IDS[0]}001`)).toBe('village');
    expect(kindOf(`${TINY_STREET_IDS[0]}002`)).toBeUndefined();
  });

  it('refuses malformed level names, saying where and what', async () => {
    const messages = async (levels: unknown) =>
      (await problemsOf(withManifest({ levels }))).map((p) => `${p.file}: ${p.message}`);
    expect(await messages({ street: '街道/镇' })).toEqual([
      'manifest.json: levels.street must be object (got "街道/镇")',
    ]);
    expect(await messages({ street: { zh: '街道/镇' } })).toEqual([
      'manifest.json: levels.street: missing "en"',
    ]);
    expect(await messages({ town: { zh: '镇', en: 'Town' } })).toEqual([
      'manifest.json: levels has "town", which is not one of its properties',
    ]);
    expect(await messages({ community: { zh: '', en: 'Village' } })).toEqual([
      'manifest.json: levels.community.zh must NOT have fewer than 1 characters (got "")',
    ]);
    expect(await messages(['街道', '社区'])).toEqual([
      'manifest.json: levels must be object (got ["街道","社区"])',
    ]);
    const demo = await problemsOf(withManifest({ demo: 'yes' }));
    expect(demo.map((p) => p.message)).toEqual(['demo must be boolean (got "yes")']);
  });

  it('refuses an unknown kind, and a kind that does not fit the level', async () => {
    const regions = tinyRegions() as Array<{ properties: { id: string } }>;
    const at = (id: string) => regions.findIndex((f) => f.properties.id === id);
    const [town, zone] = TINY_STREET_IDS;
    const problems = await problemsOf({
      kinds: {
        [`${zone}002-G02`]: 'city',
        [`${town}001`]: 'town',
        [`${town}002`]: 'village',
        [TINY_DISTRICT_ID]: 'town',
        [`${town}001-G01`]: 'village',
      },
    });
    const byIndex = (id: string) =>
      problems.filter((p) => p.index === at(id)).map((p) => p.message);
    expect(byIndex(`${zone}002-G02`)).toEqual([
      'properties.kind is "city", not one of subdistrict, town, township, devzone, community, village',
    ]);
    expect(byIndex(`${town}001`)).toEqual([
      'kind town is not a kind of community; a community is one of community, village',
    ]);
    expect(byIndex(`${town}002`)).toEqual([]);
    expect(byIndex(`${town}001-G01`)).toEqual(['a grid has no kind, but kind is village']);
    expect(byIndex(TINY_DISTRICT_ID)).toEqual(['a district has no kind, but kind is town']);
  });

  it('the 金牛区-style tiny dataset, without kinds or levels, is still valid', async () => {
    const dir = join(root, 'plain');
    await writeTinyDataset(dir, { manifest: tinyManifest() });
    expect((await inspectDataset(dir)).problems).toEqual([]);
  });
});

describe('data/schemas', () => {
  it('name the same kinds and labelled levels as protocol.ts', () => {
    const regions = readSchema('regions') as any;
    expect(regions.$defs.region.properties.kind.enum).toEqual([...REGION_KINDS]);
    const manifest = readSchema('manifest') as any;
    expect(Object.keys(manifest.properties.levels.properties)).toEqual([...LABELLED_LEVELS]);
  });
});

describe('GET /api/geo', () => {
  it('hands the level names and kinds to the screen, and leaves levels out when absent', async () => {
    const county = await buildTestApp({ dataDir: await countyDir() });
    try {
      const geo = (await county.app.inject('/api/geo')).json<GeoBundle>();
      expect(geo.dataset.levels).toEqual(tinyCountyOverrides().manifest!.levels);
      const zone = geo.regions.features.find((f) => f.properties.id === TINY_STREET_IDS[1]);
      expect(zone?.properties).toMatchObject({ name: '赣州经济技术开发区', kind: 'devzone' });
      // The console's dataset card and reject reasons speak of the county's levels too.
      const admin = { authorization: `Bearer ${ADMIN}` };
      const card = await county.app.inject({ url: '/api/admin/dataset', headers: admin });
      expect(card.json().levelNames.street).toEqual({
        zh: '镇/开发区',
        en: 'Town/Development zone',
      });
      expect(card.json().levelNames.district.zh).toBe('县');
      const who = await county.app.inject({ url: '/api/admin/whoami', headers: admin });
      expect(who.json().reasons.unknown_street).toEqual([
        '镇/开发区不在本县',
        'town/development zone not in this county',
      ]);
    } finally {
      await county.close();
    }
    const plain = await buildTestApp();
    try {
      const geo = (await plain.app.inject('/api/geo')).json<GeoBundle>();
      expect(geo.dataset).not.toHaveProperty('levels');
    } finally {
      await plain.close();
    }
  });
});
