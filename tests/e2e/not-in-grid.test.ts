// A community's problems placed in no grid (未落网格, issue #16) on the wall: drilled into the
// community, the ranking says how many there are (its header, and a last unranked row), and with
// them the grids' figures add up to the community's own. In English too, where the header must
// not push the title into an ellipsis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import type { GeoBundle, Snapshot } from '@shared/protocol';

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

async function expectFigure(page: Page, testId: string, expected: number, timeout = 15_000) {
  await expect
    .poll(async () => digits(await page.getByTestId(testId).textContent()), { timeout })
    .toBe(expected);
}

describe.skipIf(skipBrowser)('未落网格 on the wall', () => {
  let server: RunningServer;
  let b: OpenBrowser;

  beforeAll(async () => {
    server = await startServer({ simulator: false });
    b = await openBrowser(server.url);
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('shows a community’s problems in no grid beside its grids, adding up', async () => {
    const { page } = b;
    mkdirSync('test-results', { recursive: true });
    const geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
    const regions = geo.regions.features.map((f) => f.properties);
    const community = regions.find((r) => r.level === 'community')!;
    const street = regions.find((r) => r.id === community.parentId)!;
    const grids = regions.filter((r) => r.parentId === community.id).map((r) => r.id);

    // Three problems that name only the community, as a 12345 export does.
    for (const i of [1, 2, 3]) {
      const res = await fetch(`${server.url}/api/problems`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `nig-${i}`,
          category: 'property',
          source: 'hotline',
          communityId: community.id,
        }),
      });
      expect(res.status).toBe(201);
    }

    await page.goto(server.url, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('drill-toggle').count(), { timeout: 60_000 }).toBe(1);
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${street.id}`).click();
    await expect.poll(() => page.getByTestId('crumb-street').textContent()).toContain(street.name);
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${community.id}`).click();
    await expect
      .poll(() => page.getByTestId('crumb-community').textContent())
      .toContain(community.name);

    const snap = (await (
      await fetch(`${server.url}/api/snapshot?level=community&id=${community.id}`)
    ).json()) as Snapshot;
    const u = snap.view.unplaced!;
    expect(u.open).toBe(3);
    const gridOpen = grids.reduce((s, g) => s + (snap.view.regions[g]?.open ?? 0), 0);
    expect(gridOpen + u.open).toBe(snap.view.current.open);

    // At 1920×1080 the wall has the ranking (the backlog panel joins on larger walls).
    await expectFigure(page, 'not-in-grid-ranking', 3);
    await expect.poll(() => page.getByTestId('panel-ranking').textContent()).toContain('未落网格');
    await expectFigure(page, 'scope-open', gridOpen + 3);
    // Ranked by open problems, the grids' bars and the 未落网格 bar add up to that figure.
    await page.getByTestId('metric-open').click();
    await expectFigure(page, 'not-in-grid-ranking', u.open);
    await page.waitForTimeout(1500); // the charts' short update animation
    await page.screenshot({ path: 'test-results/not-in-grid-1920x1080.png' });

    // English: the title stays whole beside the count.
    await page.goto(`${server.url}/?lang=en`, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('drill-toggle').count(), { timeout: 60_000 }).toBe(1);
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${street.id}`).click();
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId(`drill-${community.id}`).click();
    await expectFigure(page, 'not-in-grid-ranking', 3);
    const title = page.getByTestId('panel-ranking').locator('.panel-title-text');
    await expect.poll(() => title.textContent()).toBe('Grids by closure rate');
    const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped, 'ranking title cut short').toBe(false);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: 'test-results/not-in-grid-en-1920x1080.png' });

    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 300_000);
});
