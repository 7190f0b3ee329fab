// A county on the wall, as `npm run data:build` makes it: the builder's own output for a division
// list with a 镇 and a development zone at street level and a 村 beside a 社区 below each, in an
// outline made here. Nothing is written by hand: the kinds and the manifest's level names
// (镇/开发区, 社区/村) are the builder's. The real server runs on it; the drill-down, breadcrumb,
// ranking and legend say those words, in Chinese and in English, and nothing on the page says 街道.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { buildDataset } from '../../scripts/data/build-dataset';
import { options, rect, writeDivisions, writeGeoJSON } from '../unit/data-build-fixtures';

const productBuilt = existsSync('server/main.ts') && existsSync('client/index.html');
const TOWN_ID = '360799100';
const ZONE_ID = '360799400';
const VILLAGE_ID = '360799100201';
const ZONE_NAME = '赣州经济技术开发区';
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

/** Builds the county with the builder, as `npm run data:build -- --division 360799 …` would. */
async function buildCounty(root: string): Promise<string> {
  const divisions = writeDivisions(root, { code: '360799', name: '测试县' }, [
    {
      code: TOWN_ID,
      name: '沙河镇',
      villages: [
        ['360799100001', '沙河社区居委会'],
        [VILLAGE_ID, '上坝村村民委员会'],
      ],
    },
    {
      code: ZONE_ID,
      name: ZONE_NAME,
      villages: [
        ['360799400001', '园区一社区居委会'],
        ['360799400201', '湖边村民委员会'],
      ],
    },
  ]);
  const outline = writeGeoJSON(join(root, 'outline.geojson'), [
    { coordinates: [rect(114.9, 25.8, 114.94, 25.83)] },
  ]);
  const out = join(root, 'county');
  await buildDataset(
    options({ division: '360799', out, divisions, outline, nameEn: 'Test County' }),
  );
  return out;
}

describe.skipIf(skipBrowser || !productBuilt)(
  'a county built by data:build: 镇, 村 and a development zone',
  () => {
    let server: RunningServer;
    let b: OpenBrowser;
    let root: string;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'screen-e2e-county-'));
      const dataDir = await buildCounty(root);
      // What the builder decided, so that a change there shows here first.
      const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
        levels?: unknown;
      };
      expect(manifest.levels).toEqual({
        street: { zh: '镇/开发区', en: 'Town/Development zone' },
        community: { zh: '社区/村', en: 'Community/Village' },
      });
      server = await startServer({ simulator: false, dataDir });
      b = await openBrowser(server.url);
    }, 180_000);

    afterAll(async () => {
      await b?.close();
      await server?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('names the levels 镇/开发区 and 社区/村 in the drill-down, breadcrumb, ranking and legend', async () => {
      const { page } = b;
      mkdirSync('test-results', { recursive: true });
      await page.goto(server.url, { waitUntil: 'load' });
      await expect.poll(() => text(page, 'title'), { timeout: 30_000 }).toContain('测试县');

      // The district: its crumb says 县; its children are 镇/开发区.
      await expect.poll(() => text(page, 'crumb-district')).toBe('县测试县');
      await expect.poll(() => text(page, 'drill-toggle')).toBe('下钻 · 镇/开发区 ▾');
      await expect
        .poll(() => text(page, 'panel-ranking'), { timeout: 30_000 })
        .toContain('镇/开发区排名 · 办结率');
      expect(await text(page, 'map-legend')).toContain('镇/开发区 · 办结率');
      expect(await text(page, 'map-legend')).toContain('镇/开发区、社区/村、网格边界为示意');
      await page.getByTestId('drill-toggle').click();
      expect(await text(page, `drill-${ZONE_ID}`)).toBe(ZONE_NAME);
      await page.waitForTimeout(1500); // the map's labels and the charts settle
      await page.screenshot({ path: 'test-results/county-district-1920x1080.png' });

      // Into the town: its crumb says 镇 (its own kind), its children are 社区/村.
      await page.getByTestId(`drill-${TOWN_ID}`).click();
      await expect.poll(() => text(page, 'crumb-street')).toBe('镇沙河镇');
      await expect.poll(() => text(page, 'drill-toggle')).toBe('下钻 · 社区/村 ▾');
      await expect.poll(() => text(page, 'panel-ranking')).toContain('社区/村排名 · 办结率');
      expect(await text(page, 'map-legend')).toContain('社区/村 · 办结率');
      await page.getByTestId('drill-toggle').click();
      await page.getByTestId(`drill-${VILLAGE_ID}`).click();
      await expect.poll(() => text(page, 'crumb-community')).toBe('村上坝村');
      await expect.poll(() => text(page, 'drill-toggle')).toBe('下钻 · 网格 ▾');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: 'test-results/county-village-1920x1080.png' });

      const body = await page.evaluate(() => document.body.innerText);
      expect(body).not.toContain('街道');
      expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
    }, 90_000);

    it('says the same in English with ?lang=en', async () => {
      const { page } = b;
      await page.goto(`${server.url}/?lang=en`, { waitUntil: 'load' });
      await expect
        .poll(() => text(page, 'crumb-district'), { timeout: 30_000 })
        .toBe('County测试县');
      await expect
        .poll(() => text(page, 'drill-toggle'))
        .toBe('Drill down · Town/Development zone ▾');
      await expect
        .poll(() => text(page, 'panel-ranking'), { timeout: 30_000 })
        .toContain('Towns/Development zones by closure rate');
      expect(await text(page, 'map-legend')).toContain('Town/Development zone · Closure rate');

      await page.getByTestId('drill-toggle').click();
      await page.getByTestId(`drill-${ZONE_ID}`).click();
      await expect.poll(() => text(page, 'crumb-street')).toBe(`Development zone${ZONE_NAME}`);
      await expect.poll(() => text(page, 'drill-toggle')).toBe('Drill down · Community/Village ▾');
      await expect
        .poll(() => text(page, 'panel-ranking'))
        .toContain('Communities/Villages by closure rate');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: 'test-results/county-zone-en-1920x1080.png' });

      const body = await page.evaluate(() => document.body.innerText);
      expect(body).not.toMatch(/\bStreets?\b|Subdistrict/);
      expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
    }, 90_000);
  },
);
