// An unattended exhibition wall when the NETWORK drops (the server stays up; a server restart is
// modes-exhibition.test.ts). A real TCP proxy sits between chromium and the server; cutting it
// resets every connection and refuses new ones. The wall must say "reconnecting" at once, keep
// its last figures, pick up what it missed (problems solved straight at the server meanwhile)
// when the network is back, and keep touring. In the black-hole variant nothing answers and
// nothing closes: socket.io's own ping timeout would take up to 55 s (kept long for slow wall
// PCs, server/app.ts), so the wall's link watch (client/live/link-watch.ts) must say
// "reconnecting" after two silent ping intervals instead, about 20–25 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Snapshot } from '@shared/protocol';
import { openBrowser, skipBrowser, startProxy, startServer } from './harness';
import type { OpenBrowser, RunningServer, TcpProxy } from './harness';
import { JINNIU, digits, firstGrid, scenesDir, solveOne, text } from './modes-fixtures';
import type { SceneFile } from '../../client/modes/scenes';

// District-wide scenes only, so the headline is the district's figure in every scene.
const TOUR: SceneFile = {
  version: 1,
  scenes: [
    { id: 'a', title: '断网 · 一', durationSeconds: 3 },
    { id: 'b', title: '断网 · 二', metric: 'satisfactionRate', durationSeconds: 3 },
    { id: 'c', title: '断网 · 三', metric: 'open', durationSeconds: 3 },
  ],
};
const SOLVED_WHILE_CUT = 3;
// The browser's own lines for a refused connection attempt (socket.io's websocket, then its
// polling fallback) while the proxy refuses: the outage this test made, nothing else.
const REFUSED = /ERR_CONNECTION_REFUSED/;

const statusClass = async (page: Page) =>
  (await page.getByTestId('status').getAttribute('class')) ?? '';

async function apiSolved(server: RunningServer): Promise<number> {
  const res = await fetch(`${server.url}/api/snapshot?level=district&id=${JINNIU.district}`);
  return ((await res.json()) as Snapshot).view.windows.year.solved;
}

/** Every headline figure, the panels' figures and whether any panel is blank or loading. */
async function wallFigures(page: Page) {
  return page.evaluate(() => {
    const q = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
    const textOf = (el: HTMLElement) => (el.textContent ?? '').trim();
    return {
      headline: Object.fromEntries(
        q('[data-testid^="headline-"]').map((el) => [el.dataset.testid, textOf(el)]),
      ),
      figures: Object.fromEntries(
        q('[data-testid^="figure-"]').map((el) => [el.dataset.testid, textOf(el)]),
      ),
      blankPanels: q('[data-testid^="panel-"]')
        .filter((el) => el.offsetParent !== null)
        .filter((el) => el.querySelector('.panel-loading') || textOf(el).length < 4)
        .map((el) => el.dataset.testid),
    };
  });
}

/** The server, a proxy in front of it and chromium, for one describe block. */
function wallBehindProxy() {
  const w = {} as { server: RunningServer; proxy: TcpProxy; b: OpenBrowser; dir: string };
  beforeAll(async () => {
    w.dir = scenesDir({ tour: TOUR });
    w.server = await startServer({ env: { SCENES_DIR: w.dir } });
    w.proxy = await startProxy(w.server.port);
    w.b = await openBrowser(w.proxy.url);
  }, 180_000);
  afterAll(async () => {
    await w.b?.close();
    await w.proxy?.close();
    await w.server?.stop();
    if (w.dir) rmSync(w.dir, { recursive: true, force: true });
  });
  return w;
}

/** Opens the tour through the proxy and waits until it is live and shows the server's figure. */
async function openLiveWall(page: Page, proxy: TcpProxy, server: RunningServer): Promise<void> {
  await page.goto(`${proxy.url}/?mode=exhibition`, { waitUntil: 'load' });
  await expect.poll(() => statusClass(page), { timeout: 60_000 }).toContain('status-live');
  await expect.poll(() => text(page, 'scene-title'), { timeout: 30_000 }).toMatch(/^断网/);
  // The wall shows what the server has (nothing in flight).
  await expect
    .poll(async () => digits(await text(page, 'headline-solved')), { timeout: 30_000 })
    .toBe(await apiSolved(server));
}

describe.skipIf(skipBrowser)('exhibition wall when the network drops', () => {
  const w = wallBehindProxy();

  it('says reconnecting, keeps its figures, resyncs what it missed and keeps touring', async () => {
    const { server, proxy, b } = w;
    const { page } = b;
    const grid = await firstGrid(server, JINNIU.district);
    await openLiveWall(page, proxy, server);
    const before = await wallFigures(page);
    const solvedBefore = digits(before.headline['headline-solved']);
    expect(solvedBefore).toBeGreaterThan(0);
    expect(before.blankPanels, 'blank panels before the cut').toEqual([]);
    expect(Object.keys(before.figures).length).toBeGreaterThan(0);

    // The network drops.
    const outageFrom = b.consoleProblems.length;
    const cutAt = Date.now();
    await proxy.cut('refuse');
    await page.waitForSelector('[data-testid="status"].status-reconnecting', { timeout: 5_000 });
    const toReconnecting = Date.now() - cutAt;

    // Meanwhile the district goes on: problems solved straight at the server, not via the proxy.
    for (let i = 0; i < SOLVED_WHILE_CUT; i++) await solveOne(server, grid, i);
    await expect
      .poll(() => apiSolved(server), { timeout: 5_000, interval: 100 })
      .toBeGreaterThanOrEqual(solvedBefore + SOLVED_WHILE_CUT);
    // Hold the cut until the wall has tried to come back and been refused at least once.
    await expect
      .poll(() => b.consoleProblems.slice(outageFrom).some((p) => REFUSED.test(p)), {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(true);

    // Cut off, the wall keeps its last figures and says how old they are.
    const during = await wallFigures(page);
    expect(during.headline, 'headline during the cut').toEqual(before.headline);
    for (const [id, v] of Object.entries(during.figures))
      expect(v, `${id} during the cut`).not.toMatch(/^(—|-|)$/);
    expect(during.blankPanels, 'blank panels during the cut').toEqual([]);
    expect(await statusClass(page)).toContain('status-reconnecting');
    expect(await text(page, 'as-of')).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const sceneDuringCut = await text(page, 'scene-title');

    // The network is back: live again by itself, with what it missed.
    const restoredAt = Date.now();
    await proxy.restore();
    await expect
      .poll(() => statusClass(page), { timeout: 15_000, interval: 100 })
      .toContain('status-live');
    const toLive = Date.now() - restoredAt;
    await expect
      .poll(async () => digits(await text(page, 'headline-solved')), { timeout: 5_000 })
      .toBe(await apiSolved(server));
    expect(digits(await text(page, 'headline-solved'))).toBeGreaterThanOrEqual(
      solvedBefore + SOLVED_WHILE_CUT,
    );
    const outage = b.consoleProblems.splice(outageFrom);
    b.consoleProblems.push(...outage.filter((p) => !REFUSED.test(p)));

    // And the tour goes on: the caption changes (twice, so it is the clock, not a one-off).
    const seen = [sceneDuringCut];
    await expect
      .poll(
        async () => {
          const t = await text(page, 'scene-title');
          if (t && t !== seen[seen.length - 1]) seen.push(t);
          return seen.length;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(3);
    expect(await text(page, 'scene-count')).toMatch(/^\d{2}\/03$/);
    expect((await wallFigures(page)).blankPanels).toEqual([]);

    console.log(
      `network drop: cut → reconnecting ${toReconnecting} ms; restore → live ${toLive} ms; ` +
        `refused attempts ${outage.filter((p) => REFUSED.test(p)).length}; scenes ${seen.join(' → ')}`,
    );
    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems.splice(0), 'console errors and warnings').toEqual([]);
  }, 120_000);
});

describe.skipIf(skipBrowser)('exhibition wall when the network black-holes', () => {
  const w = wallBehindProxy();

  it('notices the silence well before the ping timeout, then resyncs when the network is back', async () => {
    const { server, proxy, b } = w;
    const { page } = b;
    const grid = await firstGrid(server, JINNIU.district);
    await openLiveWall(page, proxy, server);
    const headline = (await wallFigures(page)).headline;

    const cutAt = Date.now();
    await proxy.cut('blackhole');
    for (let i = 0; i < SOLVED_WHILE_CUT; i++) await solveOne(server, grid, i);
    // Nothing closes: the wall's link watch must tell after two silent ping intervals (20 s,
    // checked every 2 s), not the 55 s the socket itself would wait.
    await page.waitForSelector('[data-testid="status"].status-reconnecting', {
      timeout: 40_000,
    });
    const toReconnecting = Date.now() - cutAt;
    expect(toReconnecting).toBeLessThan(35_000);
    const during = await wallFigures(page);
    expect(during.headline).toEqual(headline);
    expect(during.blankPanels).toEqual([]);

    const restoredAt = Date.now();
    await proxy.restore();
    await expect
      .poll(() => statusClass(page), { timeout: 25_000, interval: 100 })
      .toContain('status-live');
    const toLive = Date.now() - restoredAt;
    await expect
      .poll(async () => digits(await text(page, 'headline-solved')), { timeout: 5_000 })
      .toBe(await apiSolved(server));
    console.log(`black hole: cut → reconnecting ${toReconnecting} ms; restore → live ${toLive} ms`);
    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems.splice(0), 'console errors and warnings').toEqual([]);
  }, 180_000);
});
