// Another district with no code change: the real server started on a tiny dataset through
// DATA_DIR shows that district (title, figures equal to the API, a drawn map). The same dataset
// names one community and one station with markup, and a problem is posted with markup in its
// description and a reporter: every name reaches the page only as text (drill list, hover cards,
// ticker), nothing runs, and the description and reporter never reach the page at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebMercatorViewport } from '@math.gl/web-mercator';
import type { Page } from 'playwright-core';
import { canvasInkShare, openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { TINY_DISTRICT_ID, tinyStations, writeTinyDataset } from '../fixtures/tiny-dataset';
import { fitRegion } from '../../client/map/fit-bounds';
import { clock, pct } from '../../client/util/format';
import type { GeoBundle, Snapshot } from '@shared/protocol';

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

const productBuilt = existsSync('server/main.ts') && existsSync('client/index.html');
if (!productBuilt)
  console.warn('other-district browser test skipped: server/main.ts or client/index.html missing');

const STREET_ID = '999901001';
const COMMUNITY_ID = '999901001002';
const STATION_ID = '999901001002-S01';
const GRID_ID = '999901001002-G01';
// Off the grid centre, where the history's event dots lie (they are drawn over stations).
const STATION_AT = [104.012, 30.717];
const COMMUNITY_NAME = '<img src=x onerror="window.__xss=1">';
const STATION_NAME = '<img src=x onerror="window.__xss=3">';
// Posted with the problem: none of these may reach the page.
const DESCRIPTION = '<img src=x onerror="window.__xss=2">';
const REPORTER_NAME = '王小二e2e7731';
const REPORTER_PHONE = '13900007731';

/** Wait until a test id's number equals the expected one (the page follows the socket). */
async function expectFigure(page: Page, testId: string, expected: number, timeout = 15_000) {
  await expect
    .poll(async () => digits(await page.getByTestId(testId).textContent()), { timeout })
    .toBe(expected);
}

/** Bounds of a polygon feature (the tiny dataset's are rectangles). */
function boundsOf(geo: GeoBundle, id: string): [[number, number], [number, number]] {
  const f = geo.regions.features.find((x) => x.properties.id === id)!;
  const g = f.geometry as { coordinates: number[][][] };
  const pts = g.coordinates[0]!;
  const lons = pts.map((p) => p[0]!);
  const lats = pts.map((p) => p[1]!);
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}

describe.skipIf(skipBrowser || !productBuilt)('another district through DATA_DIR', () => {
  let server: RunningServer;
  let b: OpenBrowser;
  let geo: GeoBundle;
  let dataDir: string;
  const xRequests: string[] = [];

  const snapshot = async (level: string, id: string): Promise<Snapshot> => {
    const res = await fetch(`${server.url}/api/snapshot?level=${level}&id=${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Snapshot;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'screen-e2e-tiny-'));
    const stations = tinyStations().map((f) => {
      const s = f as { properties: { id: string }; geometry: { coordinates: number[] } };
      return s.properties.id === STATION_ID
        ? { ...s, geometry: { ...s.geometry, coordinates: STATION_AT } }
        : s;
    });
    await writeTinyDataset(dataDir, {
      stations,
      names: { [COMMUNITY_ID]: COMMUNITY_NAME, [STATION_ID]: STATION_NAME },
    });
    server = await startServer({ simulator: false, dataDir });
    b = await openBrowser(server.url);
    // An <img src=x> that got parsed would fetch /x from our own origin.
    b.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/x') xRequests.push(r.url());
    });
    geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the tiny district: title, figures equal to the API, a drawn map', async () => {
    const { page } = b;
    mkdirSync('test-results', { recursive: true });
    expect(geo.dataset.name).toBe('测试区');
    const district = geo.regions.features.find((f) => f.properties.level === 'district')!;
    expect(district.properties.id).toBe(TINY_DISTRICT_ID);

    await page.goto(server.url, { waitUntil: 'load' });
    const title = page.getByTestId('title');
    await expect.poll(() => title.textContent(), { timeout: 30_000 }).toContain('测试区');
    expect(await title.textContent()).not.toContain('金牛区');

    // No simulator: nothing moves between the API read and the page.
    const d = await snapshot('district', TINY_DISTRICT_ID);
    expect(d.view.windows.rolling30.reported).toBeGreaterThan(0);
    await expectFigure(page, 'scope-reported-30d', d.view.windows.rolling30.reported, 30_000);
    await expectFigure(page, 'scope-open', d.view.current.open);
    await expectFigure(page, 'headline-solved', d.view.windows.year.solved);
    await expectFigure(page, 'headline-volunteers', d.view.figures.volunteers);
    const stations = Object.values(d.view.figures.stations).reduce((a, n) => a + (n ?? 0), 0);
    expect(stations).toBe(3);
    await expectFigure(page, 'headline-stations', stations);
    expect(await page.getByTestId('headline-satisfaction').textContent()).toBe(
      pct(d.view.windows.year.satisfactionRate),
    );

    await expect
      .poll(() => canvasInkShare(page, '[data-testid="map"] canvas'), {
        timeout: 30_000,
        interval: 500,
      })
      .toBeGreaterThan(0.02);
    await page.screenshot({ path: 'test-results/other-district-1920x1080.png' });
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 90_000);

  it('shows names with markup as text, runs nothing, never shows a reporter', async () => {
    const { page } = b;
    const street = geo.regions.features.find((f) => f.properties.id === STREET_ID)!.properties;
    const community = geo.regions.features.find(
      (f) => f.properties.id === COMMUNITY_ID,
    )!.properties;
    expect(community.name).toBe(COMMUNITY_NAME);
    const station = geo.stations.features.find((f) => f.properties.id === STATION_ID)!;
    expect(station.properties.name).toBe(STATION_NAME);

    // Drill into the street; its drill list names the communities, ours among them, as text.
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${STREET_ID}`).click();
    await expect.poll(() => page.getByTestId('crumb-street').textContent()).toContain(street.name);
    await page.getByTestId('drill-toggle').click();
    expect(await page.getByTestId(`drill-${COMMUNITY_ID}`).textContent()).toBe(COMMUNITY_NAME);
    await page.getByTestId('drill-toggle').click();
    await expect.poll(() => page.getByTestId(`drill-${COMMUNITY_ID}`).count()).toBe(0);

    // Where the camera ends up for the street (the page's own fit), to hover known places.
    const map = page.getByTestId('map');
    const box = (await map.boundingBox())!;
    const size = await map.evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
    const camera = fitRegion(boundsOf(geo, STREET_ID), size.width, size.height);
    const viewport = new WebMercatorViewport({ ...size, ...camera });
    const tooltip = page.getByTestId('map-tooltip');
    // Hover until the card shows `expected` (the camera is still flying at first); a small
    // move before each try makes deck.gl pick again.
    const hoverCard = async (lonLat: [number, number], expected: string) => {
      const [x, y] = viewport.project(lonLat);
      await expect
        .poll(
          async () => {
            await page.mouse.move(box.x + x! + 6, box.y + y! + 6);
            await page.mouse.move(box.x + x!, box.y + y!);
            return (await tooltip.count()) ? tooltip.locator('div').first().textContent() : null;
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBe(expected);
    };
    await hoverCard(community.center, COMMUNITY_NAME);
    await hoverCard(station.geometry.coordinates as [number, number], STATION_NAME);
    await page.screenshot({ path: 'test-results/other-district-tooltip.png' });
    await page.mouse.move(box.x + 2, box.y + box.height - 2);

    // A problem with markup in its description and a reporter, in a grid of that community.
    const id = `e2e-xss-${Date.now()}`;
    const res = await fetch(`${server.url}/api/problems`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        category: 'safety',
        source: 'resident',
        gridId: GRID_ID,
        description: DESCRIPTION,
        reporter: { name: REPORTER_NAME, phone: REPORTER_PHONE },
      }),
    });
    expect(res.status).toBe(201);
    // It reaches the ticker on top, with a place that names our community as text (history rows
    // of that community are there already, so wait for this very event: its time and place).
    // The snapshot of a watched scope is the room's, as of its last 250 ms tick: poll it.
    let after = await snapshot('street', STREET_ID);
    await expect
      .poll(async () => {
        after = await snapshot('street', STREET_ID);
        return after.view.recentEvents.some((e) => e.problemId === id);
      })
      .toBe(true);
    const ev = after.view.recentEvents.find((e) => e.problemId === id);
    expect(ev!.place).toContain(COMMUNITY_NAME);
    const top = page.getByTestId('ticker').locator('.ticker-row').first();
    await expect
      .poll(
        async () => [await top.locator('time').textContent(), await top.getAttribute('title')],
        {
          timeout: 10_000,
        },
      )
      .toEqual([clock(ev!.at), ev!.place]);
    expect(await top.locator('.ticker-place').textContent()).toBe(ev!.place);
    await expectFigure(page, 'scope-open', after.view.current.open);

    const dom = await page.evaluate(() => {
      const parts = [document.documentElement.outerHTML, document.documentElement.textContent];
      for (const el of document.querySelectorAll('*'))
        for (const a of el.attributes) parts.push(a.value);
      return {
        all: parts.join('\n'),
        text: document.body.innerText,
        xss: (window as unknown as { __xss?: unknown }).__xss,
        injected: document.querySelectorAll('img[src="x"], [onerror]').length,
      };
    });
    expect(dom.text).toContain('<img src=x');
    expect(dom.xss).toBeUndefined();
    expect(dom.injected).toBe(0);
    expect(xRequests, 'requests for /x').toEqual([]);
    for (const secret of [DESCRIPTION, '__xss=2', REPORTER_NAME, REPORTER_PHONE])
      expect(dom.all, secret).not.toContain(secret);

    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 60_000);
});
