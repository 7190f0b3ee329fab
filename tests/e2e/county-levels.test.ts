// A county on the wall: the real server on the tiny dataset made a county (a 镇 and a
// development zone at street level, a 村 beside 社区 below, the manifest naming the levels
// 镇/开发区 and 社区/村). The drill-down, breadcrumb, ranking and legend say those words, in
// Chinese and in English, and nothing on the page says 街道.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { TINY_STREET_IDS, tinyCountyOverrides, writeTinyDataset } from '../fixtures/tiny-dataset';

const productBuilt = existsSync('server/main.ts') && existsSync('client/index.html');
const [TOWN_ID, ZONE_ID] = TINY_STREET_IDS;
const county = tinyCountyOverrides();
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe.skipIf(skipBrowser || !productBuilt)('a county with 镇, 村 and a development zone', () => {
  let server: RunningServer;
  let b: OpenBrowser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'screen-e2e-county-'));
    await writeTinyDataset(dataDir, county);
    server = await startServer({ simulator: false, dataDir });
    b = await openBrowser(server.url);
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    expect(await text(page, `drill-${ZONE_ID}`)).toBe(county.names[ZONE_ID]);
    await page.waitForTimeout(1500); // the map's labels and the charts settle
    await page.screenshot({ path: 'test-results/county-district-1920x1080.png' });

    // Into the town: its crumb says 镇 (its own kind), its children are 社区/村.
    await page.getByTestId(`drill-${TOWN_ID}`).click();
    await expect.poll(() => text(page, 'crumb-street')).toBe('镇沙河镇');
    await expect.poll(() => text(page, 'drill-toggle')).toBe('下钻 · 社区/村 ▾');
    await expect.poll(() => text(page, 'panel-ranking')).toContain('社区/村排名 · 办结率');
    expect(await text(page, 'map-legend')).toContain('社区/村 · 办结率');
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${TOWN_ID}001`).click();
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
    await expect.poll(() => text(page, 'crumb-district'), { timeout: 30_000 }).toBe('County测试县');
    await expect
      .poll(() => text(page, 'drill-toggle'))
      .toBe('Drill down · Town/Development zone ▾');
    await expect
      .poll(() => text(page, 'panel-ranking'), { timeout: 30_000 })
      .toContain('Towns/Development zones by closure rate');
    expect(await text(page, 'map-legend')).toContain('Town/Development zone · Closure rate');

    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${ZONE_ID}`).click();
    await expect
      .poll(() => text(page, 'crumb-street'))
      .toBe(`Development zone${county.names[ZONE_ID]}`);
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
});
