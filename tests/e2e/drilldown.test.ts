// Drill-down as a leader does it: the district wall, pick a street by name, the panels show what
// the API says for that street, back to the district through the breadcrumb. Also the wall at
// the three sizes it is sold for (1920×1080, 4K, a 5760×1080 splice wall), saved as screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, refreshDocsShot, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import type { GeoBundle, RegionInfo, Snapshot } from '@shared/protocol';

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

/** Wait until a test id's number equals the expected one (the page follows the socket). */
async function expectFigure(page: Page, testId: string, expected: number, timeout = 15_000) {
  await expect
    .poll(async () => digits(await page.getByTestId(testId).textContent()), { timeout })
    .toBe(expected);
}

describe.skipIf(skipBrowser)('drill-down in a real browser', () => {
  let server: RunningServer;
  let b: OpenBrowser;
  let geo: GeoBundle;

  const snapshot = async (level: string, id: string): Promise<Snapshot> => {
    const res = await fetch(`${server.url}/api/snapshot?level=${level}&id=${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Snapshot;
  };

  beforeAll(async () => {
    server = await startServer({ simulator: false });
    b = await openBrowser(server.url);
    geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('drills into a street and back; panel figures equal the API', async () => {
    const { page } = b;
    mkdirSync('test-results', { recursive: true });
    await page.goto(server.url, { waitUntil: 'load' });
    const loadedAt = Date.now();

    const regions = geo.regions.features.map((f) => f.properties);
    const district = regions.find((r) => r.level === 'district')!;
    const streets = regions.filter((r) => r.level === 'street' && r.parentId === district.id);
    expect(streets.length).toBeGreaterThan(1);

    // The district: the scope figures and the headline say what the API says (no simulator, so
    // nothing moves between the two reads).
    const d = await snapshot('district', district.id);
    await expectFigure(page, 'scope-reported-30d', d.view.windows.rolling30.reported, 60_000);
    await expectFigure(page, 'headline-solved', d.view.windows.year.solved);
    await expect.poll(() => page.getByTestId('panel-ranking').textContent()).toContain('街道排名');

    // Pick the street with most problems (a street with none would prove little).
    const sizes = await Promise.all(streets.map((s) => snapshot('street', s.id)));
    const best = sizes.reduce((a, x) =>
      x.view.windows.rolling30.reported > a.view.windows.rolling30.reported ? x : a,
    );
    const street = streets.find((s) => s.id === best.view.scope.id) as RegionInfo;
    expect(best.view.windows.rolling30.reported).toBeGreaterThan(0);

    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${street.id}`).click();

    await expect.poll(() => page.getByTestId('crumb-street').textContent()).toContain(street.name);
    await expectFigure(page, 'scope-reported-30d', best.view.windows.rolling30.reported);
    await expectFigure(page, 'scope-solved-30d', best.view.windows.rolling30.solved);
    await expectFigure(page, 'scope-open', best.view.current.open);
    await expectFigure(page, 'headline-solved', best.view.windows.year.solved);
    // The ranking now ranks the street's communities.
    await expect.poll(() => page.getByTestId('panel-ranking').textContent()).toContain('社区排名');
    await page.waitForTimeout(1500); // let the charts finish their short update animation
    await page.screenshot({ path: 'test-results/drilldown-street-1920x1080.png' });

    // Back up through the breadcrumb.
    await page.getByTestId('crumb-district').click();
    await expect.poll(() => page.getByTestId('crumb-street').count()).toBe(0);
    await expectFigure(page, 'scope-reported-30d', d.view.windows.rolling30.reported);
    await expectFigure(page, 'headline-solved', d.view.windows.year.solved);

    // The wall at the sizes it is shown on. Software rendering is slow at 5760 px: generous waits.
    // UPDATE_DOCS=1 also refreshes the README's screenshots in docs/ (tracked files).
    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
      [5760, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(4000);
      const file = `screenshot-${width}x${height}.png`;
      await page.screenshot({ path: `test-results/${file}`, timeout: 120_000 });
      refreshDocsShot(file);
    }
    // Every panel is placed on the splice wall, and none is still loading.
    for (const id of ['overview', 'trend', 'category', 'source', 'tier', 'ranking', 'backlog'])
      await expect(page.getByTestId(`panel-${id}`).count()).resolves.toBe(1);
    expect(await page.locator('.panel-loading').count()).toBe(0);

    // No simulator, so only the server's pings keep the link watch content: a healthy quiet wall
    // stays "live" past the watch's 20 s silence limit (client/live/link-watch.ts).
    const quietFor = Date.now() - loadedAt;
    if (quietFor < 25_000) await page.waitForTimeout(25_000 - quietFor);
    expect(await page.getByTestId('status').getAttribute('class')).toContain('status-live');

    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 300_000);
});
