// Shared by the presentation-mode browser tests: scene files written to a temp SCENES_DIR, extra
// windows and their console, the API calls that make figures move, and a wall's own record of its
// scene caption.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GeoBundle } from '@shared/protocol';
import type { SceneFile } from '../../client/modes/scenes';
import type { OpenBrowser, RunningServer } from './harness';

/** Ids from the demo district (data/jinniu), which the harness's server loads by default. */
export const JINNIU = {
  district: '510106',
  xihua: '510106025',
  jiulidi: '510106035',
  jiaoda: '510106035007',
};

export function scenesDir(files: { tour?: SceneFile; briefing?: SceneFile }): string {
  const dir = mkdtempSync(join(tmpdir(), 'screen-scenes-'));
  if (files.tour) writeFileSync(join(dir, 'tour.json'), JSON.stringify(files.tour));
  if (files.briefing) writeFileSync(join(dir, 'briefing.json'), JSON.stringify(files.briefing));
  return dir;
}

/**
 * A window that is only read (a plain screen, a second wall, a caption): the design's smallest
 * 16:9 wall (its 8 px rem floor), a quarter of the pixels for software WebGL to draw.
 */
export const SMALL_WALL = { width: 960, height: 540 };

/**
 * Another window beside the wall, in the wall's browser context: it loads the screen's scripts
 * from the cache the wall filled, compiled once, as a wall loads them every day after its first.
 * (Only assets are cached: figures are fetched with no-store, and the presenter's token lives in
 * its own tab's sessionStorage.)
 */
export async function newWindow(
  b: OpenBrowser,
  size: { width: number; height: number },
): Promise<Page> {
  const page = await b.page.context().newPage();
  await page.setViewportSize(size);
  return page;
}

/** The same console rule as the harness's first page, for the other windows of a test. */
export function recordConsole(page: Page, problems: string[], label: string): void {
  page.on('console', (msg) => {
    const type = msg.type();
    if ((type === 'error' || type === 'warning') && !/GPU stall due to ReadPixels/.test(msg.text()))
      problems.push(`${label} ${type}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${label} pageerror: ${err.message}`));
}

export const digits = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Reports a problem in a grid and walks it through to closed: one more problem solved. */
export async function solveOne(server: RunningServer, gridId: string, n: number): Promise<void> {
  const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const id = `modes-e2e-${Date.now()}-${n}`;
  await post('/api/problems', { id, category: 'environment', source: 'resident', gridId });
  for (const step of [
    { stage: 'called' },
    { stage: 'responding', tier: 'grid' },
    { stage: 'handled' },
    { stage: 'closed' },
  ])
    await post(`/api/problems/${id}/transitions`, step);
}

export async function firstGrid(server: RunningServer, within: string): Promise<string> {
  const geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
  const grid = geo.regions.features.find(
    (f) => f.properties.level === 'grid' && f.properties.id.startsWith(within),
  );
  if (!grid) throw new Error(`no grid in ${within}`);
  return grid.properties.id;
}

/**
 * Before a screenshot: waits until the map's callouts have faded in (or are gone: a tour may have
 * moved on). Only the picture depends on it, and it is for people; so on a machine too slow to
 * finish the fade soon the picture is taken as it is, and the test goes on.
 */
export async function calloutsFadedIn(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const callouts = document.querySelector('.mode-annotations');
        return !callouts || getComputedStyle(callouts).opacity === '1';
      },
      undefined,
      { timeout: 1_500, polling: 100 }, // the fade itself is 0.7 s
    )
    .catch(() => undefined);
}

/** What {@link recordWall} wrote: the scene on the wall from `at` on, or a touch at `at`. */
export interface WallEntry {
  at: number;
  title?: string;
  paused?: boolean;
  touch?: true;
}

/**
 * Records on the page itself, with its own clock, every change of the scene caption (title, tour
 * paused or not) and every touch, from the start of each load. A test that reads the caption from
 * outside sees it late on a busy machine (a second a look, more at load 10): it could miss a
 * short scene, and had to leave a wide margin on every timing it checked. The record misses
 * nothing and times each change where it happened. Call it before the page's first load.
 */
export async function recordWall(page: Page): Promise<void> {
  // No named helpers inside: the function runs in the page as written (no bundler helpers there).
  await page.addInitScript(() => {
    const log: WallEntry[] = [];
    let last = '';
    Object.assign(window, { wallLog: log });
    new MutationObserver(() => {
      const caption = document.querySelector('[data-testid="scene-caption"]');
      const title = caption?.querySelector('[data-testid="scene-title"]')?.textContent?.trim();
      if (!caption || !title) return;
      const paused = caption.classList.contains('is-paused');
      if (`${title}|${paused}` === last) return;
      last = `${title}|${paused}`;
      log.push({ at: Date.now(), title, paused });
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributeFilter: ['class'],
    });
    // Beside the wall's own input listener (same event, same moment): when the tour's hold began.
    addEventListener('pointerdown', () => log.push({ at: Date.now(), touch: true }), {
      capture: true,
      passive: true,
    });
  });
}

export async function wallLog(page: Page): Promise<WallEntry[]> {
  return page.evaluate(() => (window as unknown as { wallLog?: WallEntry[] }).wallLog ?? []);
}

/** When each scene came on the wall (a change of the pause alone is not one). */
export function sceneStarts(log: WallEntry[]): Array<{ at: number; title: string }> {
  const starts: Array<{ at: number; title: string }> = [];
  for (const e of log)
    if (e.title && e.title !== starts[starts.length - 1]?.title)
      starts.push({ at: e.at, title: e.title });
  return starts;
}

/** The titles the wall showed from `since` on: the one showing then, and each one after it. */
function titlesFrom(log: WallEntry[], since: number): string[] {
  const starts = sceneStarts(log);
  const showing = Math.max(
    0,
    starts.findLastIndex((s) => s.at <= since),
  );
  return starts.slice(showing).map((s) => s.title);
}

/** Waits until the wall has shown `count` titles from `since` on (or the time runs out). */
export async function waitTitles(
  page: Page,
  since: number,
  count: number,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const titles = titlesFrom(await wallLog(page), since);
    if (titles.length >= count || Date.now() > deadline) return titles;
    await page.waitForTimeout(250);
  }
}
