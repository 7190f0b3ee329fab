// The XSS corpus (tests/fuzz/xss-corpus.ts) through every text field that reaches a screen, in
// the real browser: the dataset's names (district title, streets, communities, grids, stations;
// the ticker's place labels that the socket carries are made of them) and the scene file's
// titles and annotations. Each must show as its literal text, run nothing (no dialog, no
// window.__xss), fetch nothing (no request off the server, none for an "xss" path), and keep the
// layout (no panel, title or card pushed out of the viewport by a 600-character word).
// other-district.test.ts covers hover cards and private fields; this one covers breadth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import {
  TINY_STREET_IDS,
  tinyGridIds,
  tinyManifest,
  tinyStations,
  writeTinyDataset,
} from '../fixtures/tiny-dataset';
import { XSS_CORPUS } from '../fuzz/xss-corpus';
import type { Snapshot } from '@shared/protocol';

const GRIDS = tinyGridIds();
const COMMUNITIES = [...new Set(GRIDS.map((g) => g.split('-')[0]!))];
const STATIONS = tinyStations().map((f) => (f as { properties: { id: string } }).properties.id);
const P = XSS_CORPUS;
const N = P.length;

/** Every named place gets a payload: streets, communities, grids, stations. */
const NAMES: Record<string, string> = {};
[...TINY_STREET_IDS, ...COMMUNITIES, ...GRIDS, ...STATIONS].forEach((id, i) => {
  NAMES[id] = P[(i + 1) % N]!;
});
const DATASET_NAME = P[0]!;
/** The shortest scene the tour takes (scene-file.ts): every payload passes in N seconds. */
const SCENE_S = 1;

/** One scene per payload for the title, and an annotation with another payload as its text. */
function tourFile(): object {
  return {
    version: 1,
    scenes: P.map((title, k) => ({
      id: `xss-${k}`,
      title,
      titleEn: title,
      durationSeconds: SCENE_S,
      layers: ['regions', 'labels'],
      annotations: [
        {
          regionId: COMMUNITIES[k % COMMUNITIES.length],
          text: P[(k + 7) % N],
          textEn: P[(k + 7) % N],
        },
      ],
    })),
  };
}

/** Watches the page from its first script: texts seen in the watched places, layout faults. */
function monitor() {
  const w = window as unknown as { __seen: Set<string>; __layout: Set<string> };
  w.__seen = new Set();
  w.__layout = new Set();
  const TEXTS =
    '[data-testid="title"], [data-testid="scene-title"], .annotation-text, .annotation-name, [data-testid^="drill-"], .ticker-place';
  const BOXES = `${TEXTS}, [data-testid^="panel-"], [data-testid="scene-caption"], .annotation-card`;
  setInterval(() => {
    for (const el of document.querySelectorAll(TEXTS)) {
      const kind =
        (el as HTMLElement).dataset.testid?.replace(/^drill-.*/, 'drill') ?? el.className;
      w.__seen.add(`${kind}|${el.textContent ?? ''}`);
    }
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const root = document.documentElement;
    if (root.scrollWidth > vw + 1 || root.scrollHeight > vh + 1)
      w.__layout.add(`page scrolls: ${root.scrollWidth}×${root.scrollHeight} in ${vw}×${vh}`);
    for (const el of document.querySelectorAll(BOXES)) {
      // What shows of the element: its box cut by every ancestor that clips (a ticker's rows
      // below its panel are hidden by the panel, not spilled over the page).
      const r = el.getBoundingClientRect();
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const c = a.getBoundingClientRect();
        [left, top, right, bottom] = [
          Math.max(left, c.left),
          Math.max(top, c.top),
          Math.min(right, c.right),
          Math.min(bottom, c.bottom),
        ];
      }
      if (right - left <= 0 || bottom - top <= 0) continue;
      if (right > vw + 1 || left < -1 || bottom > vh + 1 || top < -1) {
        const id = (el as HTMLElement).dataset.testid ?? el.className;
        w.__layout.add(
          `${id} leaves the viewport: ${Math.round(left)},${Math.round(top)}–${Math.round(right)},${Math.round(bottom)}`,
        );
      }
    }
  }, 100);
}

/** Texts seen so far in places of one kind (a test id or a class name). */
const seen = async (page: Page, kind: string) =>
  new Set(
    (await page.evaluate(() => [...(window as unknown as { __seen: Set<string> }).__seen]))
      .filter((s) => s.startsWith(`${kind}|`))
      .map((s) => s.slice(kind.length + 1)),
  );
const layoutFaults = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { __layout: Set<string> }).__layout]);
/** The drill list's entry for a place reads exactly its (hostile) name. */
const nameShown = (page: Page, id: string) =>
  expect
    .poll(() => page.getByTestId(`drill-${id}`).textContent(), { timeout: 10_000 })
    .toBe(NAMES[id]);
const ran = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

describe.skipIf(skipBrowser)('XSS corpus through every text that reaches a screen', () => {
  let server: RunningServer;
  let b: OpenBrowser;
  let dataDir: string;
  let scenes: string;
  const dialogs: string[] = [];
  const xssRequests: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'screen-e2e-xss-'));
    await writeTinyDataset(dataDir, {
      manifest: { ...tinyManifest(), name: DATASET_NAME },
      names: NAMES,
    });
    scenes = mkdtempSync(join(tmpdir(), 'screen-e2e-xss-scenes-'));
    writeFileSync(join(scenes, 'tour.json'), JSON.stringify(tourFile()));
    server = await startServer({ simulator: false, dataDir, env: { SCENES_DIR: scenes } });
    b = await openBrowser(server.url);
    await b.page.addInitScript(monitor);
    b.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    b.page.on('request', (r) => {
      if (/xss/i.test(r.url())) xssRequests.push(r.url());
    });
    // One problem per grid: the ticker's place labels (sent over the socket) name every place.
    for (const [i, gridId] of GRIDS.entries()) {
      const res = await fetch(`${server.url}/api/problems`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `xss-${Date.now()}-${i}`,
          category: 'safety',
          source: 'patrol',
          gridId,
        }),
      });
      expect(res.status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    for (const d of [dataDir, scenes]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('shows every place name as text on the live screen: title, drill lists, ticker', async () => {
    const { page } = b;
    await page.goto(server.url, { waitUntil: 'load' });
    await expect
      .poll(() => page.getByTestId('title').textContent(), { timeout: 30_000 })
      .toContain(DATASET_NAME);

    for (const street of TINY_STREET_IDS) {
      await page.getByTestId('drill-toggle').click();
      await nameShown(page, street);
      await page.getByTestId(`drill-${street}`).click();
      await page.getByTestId('drill-toggle').click();
      for (const c of COMMUNITIES.filter((c) => c.startsWith(street))) await nameShown(page, c);
      await page.getByTestId(`drill-${COMMUNITIES.find((c) => c.startsWith(street))!}`).click();
      await page.getByTestId('drill-toggle').click();
      for (const g of GRIDS.filter((g) => g.startsWith(street)).slice(0, 2))
        await nameShown(page, g);
      await page.getByTestId('drill-toggle').click();
      await page.goto(server.url, { waitUntil: 'load' });
    }

    const snap = (await (await fetch(`${server.url}/api/snapshot`)).json()) as Snapshot;
    const places = snap.view.recentEvents.map((e) => e.place);
    expect(places.some((p) => p.includes(NAMES[GRIDS[0]!]!))).toBe(true);
    await expect
      .poll(
        async () => {
          const s = await seen(page, 'ticker-place');
          return places.filter((p) => !s.has(p)).length;
        },
        { timeout: 20_000 },
      )
      .toBe(0);

    await page.screenshot({ path: 'test-results/xss-live-1920x1080.png' });
    expect(await ran(page)).toBeUndefined();
    expect(await layoutFaults(page)).toEqual([]);
  }, 120_000);

  it(
    'shows every scene title and annotation as text in the exhibition tour',
    async () => {
      const { page } = b;
      await page.goto(`${server.url}/?mode=exhibition`, { waitUntil: 'load' });
      // The tour walks every scene once in N × SCENE_S; titles and annotation texts are all payloads.
      await expect
        .poll(
          async () => {
            const titles = await seen(page, 'scene-title');
            const notes = await seen(page, 'annotation-text');
            return P.filter((p) => !titles.has(p) || !notes.has(p));
          },
          { timeout: N * SCENE_S * 2_000 + 30_000, interval: 1_000 },
        )
        .toEqual([]);
      await page.screenshot({ path: 'test-results/xss-exhibition-1920x1080.png' });
      expect(await ran(page)).toBeUndefined();
      expect(await layoutFaults(page)).toEqual([]);
    },
    N * SCENE_S * 4_000 + 90_000,
  );

  it('ran nothing and fetched nothing it was not meant to', () => {
    expect(dialogs).toEqual([]);
    expect(xssRequests).toEqual([]);
    expect(b.foreignRequests).toEqual([]);
    expect(b.consoleProblems).toEqual([]);
  });
});
