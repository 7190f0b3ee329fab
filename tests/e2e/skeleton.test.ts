// The walking skeleton, as a user sees it: the real server (temp DB, simulator off so the only
// change is ours), the real built client in Debian chromium, a solved problem sent through the
// HTTP API, and the headline on screen following it within 2 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { canvasInkShare, openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import type { GeoBundle } from '@shared/protocol';

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

describe.skipIf(skipBrowser)('walking skeleton in a real browser', () => {
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

  it('draws the map, shows headline numbers, follows a solved problem within 2 s', async () => {
    const { page } = b;
    mkdirSync('test-results', { recursive: true });
    await page.goto(server.url, { waitUntil: 'load' });

    // The map has drawn something other than its background (district outlines, layers).
    await expect
      .poll(() => canvasInkShare(page, '[data-testid="map"] canvas'), {
        timeout: 60_000,
        interval: 1000,
      })
      .toBeGreaterThan(0.02);

    const solved = page.getByTestId('headline-solved');
    await expect
      .poll(async () => digits(await solved.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0);
    for (const id of ['headline-satisfaction', 'headline-stations', 'headline-volunteers']) {
      expect(digits(await page.getByTestId(id).textContent()), id).toBeGreaterThan(0);
    }
    // The headline says what the API says (not a number the page made up).
    const before = digits(await solved.textContent());

    const geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
    const grid = geo.regions.features.find((f) => f.properties.level === 'grid');
    expect(grid).toBeDefined();
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const id = `e2e-${Date.now()}`;
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    expect(
      (
        await post('/api/problems', {
          id,
          category: 'environment',
          source: 'resident',
          gridId: grid!.properties.id,
        })
      ).status,
    ).toBe(201);
    for (const step of [
      { stage: 'called' },
      { stage: 'responding', tier: 'grid' },
      { stage: 'handled' },
    ]) {
      expect((await post(`/api/problems/${id}/transitions`, step)).status).toBe(200);
    }
    const closedAt = Date.now();
    expect((await post(`/api/problems/${id}/transitions`, { stage: 'closed' })).status).toBe(200);

    await page.waitForFunction(
      (prev) => {
        const el = document.querySelector('[data-testid="headline-solved"]');
        return Number((el?.textContent ?? '').replace(/[^\d.]/g, '')) === prev + 1;
      },
      before,
      { timeout: 2_000, polling: 50 },
    );
    expect(Date.now() - closedAt).toBeLessThan(2_000);

    await page.screenshot({ path: 'test-results/skeleton-1920x1080.png' });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: 'test-results/skeleton-3840x2160.png' });

    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 180_000);
});
