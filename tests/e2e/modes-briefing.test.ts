// An inspection briefing, as the presenter runs it: the wall (?mode=briefing) and the presenter
// view (?mode=presenter) on one briefing id. The presenter types the presenter token once and
// steps with clicker keys; the wall follows through the server and its own keys do nothing. The
// figures on the wall are frozen: problems solved through the API while the presenter talks reach
// a plain live screen, not the briefing wall.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import {
  JINNIU,
  SMALL_WALL,
  calloutsFadedIn,
  digits,
  firstGrid,
  newWindow,
  recordConsole,
  scenesDir,
  solveOne,
  text,
} from './modes-fixtures';
import type { SceneFile } from '../../client/modes/scenes';
import type { Delta, Snapshot } from '../../shared/protocol';

const BRIEFING: SceneFile = {
  version: 1,
  scenes: [
    { id: 'open', title: '汇报 · 全区', titleEn: 'Briefing · district', note: '开场' },
    {
      id: 'street',
      title: '汇报 · 九里堤',
      titleEn: 'Briefing · Jiulidi',
      focus: { level: 'street', id: JINNIU.jiulidi },
      metric: 'satisfactionRate',
      annotations: [
        { regionId: JINNIU.jiaoda, text: '示范社区', textEn: 'Model', figure: 'satisfactionRate' },
      ],
    },
    { id: 'xihua', title: '汇报 · 西华', focus: { level: 'street', id: JINNIU.xihua } },
    { id: 'again', title: '汇报 · 全区再看', metric: 'open' },
  ],
};
const TITLE = BRIEFING.scenes.map((s) => s.title!);
const PRESENTER = 'presenter-token-for-e2e-01';

/**
 * How long a wall's key is given to do what it must not: a presenter's step, a round trip
 * through the server, shows on the wall well inside it here (a wall acting on its own key would
 * not even need the server).
 */
const QUIET_MS = 1_000;

async function signIn(presenter: Page, token: string) {
  await presenter.getByTestId('presenter-token').fill(token);
  await presenter.getByTestId('presenter-token').press('Enter');
}

/** The year's solved count in each delta the page's socket received, as they arrive. */
function solvedInDeltas(page: Page): number[] {
  const seen: number[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.startsWith('42["delta",')) return;
      const solved = (JSON.parse(payload.slice(2)) as [string, Delta])[1].windows?.year.solved;
      if (solved !== undefined) seen.push(solved);
    }),
  );
  return seen;
}

async function expectScene(wall: Page, presenter: Page, i: number) {
  await expect.poll(() => text(wall, 'scene-title'), { timeout: 15_000 }).toBe(TITLE[i]);
  await expect.poll(() => text(presenter, 'presenter-current'), { timeout: 15_000 }).toBe(TITLE[i]);
  expect(await text(wall, 'scene-count')).toBe(`0${i + 1}/04`);
}

describe.skipIf(skipBrowser)('briefing mode in a real browser', () => {
  let server: RunningServer;
  let b: OpenBrowser;
  let presenter: Page;
  let live: Page;
  let dir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = scenesDir({ briefing: BRIEFING });
    // No simulator: the only figures that move are the ones this test posts.
    server = await startServer({
      simulator: false,
      env: { SCENES_DIR: dir, PRESENTER_TOKEN: PRESENTER },
    });
    b = await openBrowser(server.url);
    presenter = await newWindow(b, { width: 1280, height: 800 });
    live = await newWindow(b, SMALL_WALL);
    recordConsole(presenter, problems, 'presenter');
    recordConsole(live, problems, 'live screen');
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('steps with the presenter keys, the wall in step, on frozen figures', async () => {
    const wall = b.page;
    const wallSolved = solvedInDeltas(wall);
    mkdirSync('test-results', { recursive: true });
    await wall.goto(`${server.url}/?mode=briefing&briefing=e2e`, { waitUntil: 'load' });
    await expect.poll(() => text(wall, 'scene-title'), { timeout: 60_000 }).toBe(TITLE[0]);
    // Nobody has started the briefing: the wall waits (no freeze yet) and its keys do nothing.
    await wall.keyboard.press('PageDown');
    await wall.waitForTimeout(QUIET_MS);
    expect(await text(wall, 'scene-title')).toBe(TITLE[0]);
    expect(await wall.getByTestId('frozen-at').count()).toBe(0);

    // A wrong token is refused by the server and asked for again, with the reason.
    await presenter.goto(`${server.url}/?mode=presenter&briefing=e2e`, { waitUntil: 'load' });
    await signIn(presenter, 'not-the-presenter-token');
    await expect
      .poll(() => text(presenter, 'presenter-refused'), { timeout: 15_000 })
      .toContain('PRESENTER_TOKEN');
    expect(await presenter.getByTestId('presenter-token').count()).toBe(1);
    await signIn(presenter, PRESENTER);
    await expectScene(wall, presenter, 0);
    expect(presenter.url()).not.toContain(PRESENTER);

    // The stamp says when the figures were frozen; the header badge agrees.
    await expect
      .poll(() => text(wall, 'frozen-at'), { timeout: 15_000 })
      .toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const frozenAt = await text(wall, 'frozen-at');
    expect(await text(wall, 'as-of')).toBe(frozenAt);
    expect(await text(presenter, 'frozen-at')).toBe(frozenAt);
    await expect
      .poll(async () => digits(await text(wall, 'headline-solved')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const solvedBefore = digits(await text(wall, 'headline-solved'));

    // Clicker keys on the presenter view; number + Enter jumps. The wall's keys do nothing.
    await presenter.keyboard.press('PageDown');
    await expectScene(wall, presenter, 1);
    await wall.waitForSelector('.mode-annotations.is-shown', { timeout: 10_000 });
    expect(await text(wall, 'annotation-figure')).toMatch(/^\d+\.\d$/);
    await calloutsFadedIn(wall);
    await wall.screenshot({ path: 'test-results/modes-briefing-1920x1080.png' });
    await presenter.keyboard.press('ArrowRight');
    await expectScene(wall, presenter, 2);
    await wall.keyboard.press('PageUp');
    await wall.waitForTimeout(QUIET_MS);
    await expectScene(wall, presenter, 2);
    await presenter.keyboard.press('PageUp');
    await expectScene(wall, presenter, 1);
    await presenter.keyboard.press('4');
    await presenter.keyboard.press('Enter');
    await expectScene(wall, presenter, 3);
    await presenter.screenshot({ path: 'test-results/modes-presenter-1280x800.png' });

    // New solved problems while the presenter talks: a plain screen shows them, the wall not.
    await live.goto(server.url, { waitUntil: 'load' });
    await expect
      .poll(async () => digits(await text(live, 'headline-solved')), { timeout: 60_000 })
      .toBe(solvedBefore);
    const grid = await firstGrid(server, JINNIU.xihua);
    for (let n = 0; n < 3; n++) await solveOne(server, grid, n);
    await expect
      .poll(async () => digits(await text(live, 'headline-solved')), { timeout: 10_000 })
      .toBe(solvedBefore + 3);
    // The wall has had them too (its socket got the deltas), and has drawn a frame since (or had
    // a second: a page busy drawing may be slow to give a frame).
    await expect.poll(() => wallSolved.includes(solvedBefore + 3), { timeout: 10_000 }).toBe(true);
    await wall.evaluate(
      () =>
        new Promise((done) => {
          requestAnimationFrame(() => setTimeout(done));
          setTimeout(done, 1_000);
        }),
    );
    expect(digits(await text(wall, 'headline-solved'))).toBe(solvedBefore);
    expect(await text(wall, 'frozen-at')).toBe(frozenAt);
    // A second wall opened only now, after those problems were solved: the same frozen figures,
    // because every window asks the server for the briefing's moment, not for "now".
    const late = await newWindow(b, SMALL_WALL);
    recordConsole(late, problems, 'late wall');
    await late.goto(`${server.url}/?mode=briefing&briefing=e2e`, { waitUntil: 'load' });
    await expect.poll(() => text(late, 'scene-title'), { timeout: 60_000 }).toBe(TITLE[3]);
    await expect
      .poll(async () => digits(await text(late, 'headline-solved')), { timeout: 30_000 })
      .toBe(solvedBefore);
    expect(await text(late, 'frozen-at')).toBe(frozenAt);

    // Back to the first scene (same district scope): still the figures of the start.
    await presenter.keyboard.press('Home');
    await expectScene(wall, presenter, 0);
    expect(digits(await text(wall, 'headline-solved'))).toBe(solvedBefore);

    // A reloaded wall (the late one: smaller, so sooner back) rejoins the briefing on its scene,
    // with the same frozen figures.
    await presenter.keyboard.press('PageDown');
    await expectScene(wall, presenter, 1);
    await presenter.keyboard.press('PageUp');
    await late.reload({ waitUntil: 'load' });
    await expectScene(late, presenter, 0);
    await expect
      .poll(async () => digits(await text(late, 'headline-solved')), { timeout: 30_000 })
      .toBe(solvedBefore);
    expect(await text(late, 'frozen-at')).toBe(frozenAt);
    await late.close();

    // The presenter takes the figures again: the wall shows the problems solved meanwhile.
    await presenter.getByTestId('presenter-refreeze').click();
    await expect
      .poll(async () => digits(await text(wall, 'headline-solved')), { timeout: 30_000 })
      .toBe(solvedBefore + 3);
    expect(await text(wall, 'frozen-at')).not.toBe(frozenAt);
    expect(await text(presenter, 'frozen-at')).toBe(await text(wall, 'frozen-at'));
    await expectScene(wall, presenter, 0);

    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect([...b.consoleProblems, ...problems], 'console errors and warnings').toEqual([]);
  }, 300_000);

  it('freezes a briefing at a chosen date: the figures of the end of that day', async () => {
    // A week back, so the year's solved count then is surely below today's.
    const date = new Date(Date.now() + 8 * 3600_000 - 7 * 86_400_000).toISOString().slice(0, 10);
    const get = (q: string) => fetch(`${server.url}/api/snapshot?${q}`);
    const api = async (q: string) => ((await (await get(q)).json()) as Snapshot).view;
    // Nobody has started a briefing on that day: an anonymous caller cannot make the server
    // count it, and hears which moments it holds.
    expect((await get(`at=${date}`)).status).toBe(404);

    // The presenter window (signed in once, in this tab) starts it: now the moment is held.
    await presenter.goto(`${server.url}/?mode=presenter&briefing=dated&asOf=${date}`, {
      waitUntil: 'load',
    });
    await expect.poll(() => text(presenter, 'frozen-at'), { timeout: 30_000 }).toBe('23:59:59');
    await expect.poll(async () => (await get(`at=${date}`)).status, { timeout: 30_000 }).toBe(200);
    const then = (await api(`at=${date}`)).windows.year.solved;
    expect(then).toBeLessThan((await api('')).windows.year.solved);
    const wall = await newWindow(b, SMALL_WALL);
    recordConsole(wall, problems, 'dated wall');
    await wall.goto(`${server.url}/?mode=briefing&briefing=dated`, { waitUntil: 'load' });
    await expect.poll(() => text(wall, 'scene-title'), { timeout: 60_000 }).toBe(TITLE[0]);
    await expect
      .poll(async () => digits(await text(wall, 'headline-solved')), { timeout: 30_000 })
      .toBe(then);
    expect(await text(wall, 'frozen-at')).toBe('23:59:59');
    await wall.close();
    expect([...b.consoleProblems, ...problems], 'console errors and warnings').toEqual([]);
  }, 180_000);

  it('speaks English with ?lang=en', async () => {
    await presenter.goto(`${server.url}/?mode=presenter&briefing=e2e&lang=en`, {
      waitUntil: 'load',
    });
    await expect
      .poll(() => text(presenter, 'presenter-current'), { timeout: 15_000 })
      .toBe('Briefing · district');
    expect(await presenter.getByText('Presenter view').count()).toBe(1);
    expect(await text(presenter, 'frozen-stamp')).toContain('Data as of');
    expect(problems).toEqual([]);
  }, 60_000);
});
