// The product as it starts by default: the live simulator on, nobody touching anything. The
// numbers on the wall must move by themselves (a wall that looks frozen reads as broken), and the
// ticker must fill with new events, all fed through the real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { digits } from './modes-fixtures';

describe.skipIf(skipBrowser)('the simulator moves the wall', () => {
  let server: RunningServer;
  let b: OpenBrowser;

  beforeAll(async () => {
    // ×600: the demo district's ~160 problems a day arrive about one a second.
    server = await startServer({ simulator: true, simulatorSpeed: 600 });
    b = await openBrowser(server.url);
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('changes the headline and the ticker with no input', async () => {
    const { page } = b;
    await page.goto(server.url, { waitUntil: 'load' });
    const solved = page.getByTestId('headline-solved');
    await expect
      .poll(async () => digits(await solved.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const before = digits(await solved.textContent());
    const ticker = page.getByTestId('ticker');
    const firstEvent = async () => (await ticker.locator('li').first().textContent()) ?? '';
    const eventBefore = await firstEvent();

    await expect
      .poll(async () => digits(await solved.textContent()), { timeout: 30_000, interval: 500 })
      .toBeGreaterThan(before);
    await expect.poll(firstEvent, { timeout: 30_000 }).not.toBe(eventBefore);
    // What the wall shows is what the server counts (within the simulator's pace).
    const api = (await (await fetch(`${server.url}/api/snapshot`)).json()) as {
      view: { windows: { year: { solved: number } } };
    };
    expect(
      Math.abs(api.view.windows.year.solved - digits(await solved.textContent())),
    ).toBeLessThan(20);
    expect(b.foreignRequests, 'requests that left our server').toEqual([]);
    expect(b.consoleProblems, 'console errors and warnings').toEqual([]);
  }, 120_000);
});
