// The admin console's purge of simulated records, in the real browser: while the simulator writes,
// the card says so and the purge is refused; after a restart with SIMULATOR=off the card counts what
// it wrote, a confirmed purge removes all of it, and the district's figures drop accordingly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import type { DatasetReport } from '@shared/admin-api';

const number = async (page: Page, selector: string) =>
  Number(((await page.locator(selector).first().textContent()) ?? '').replace(/\D/g, ''));

describe.skipIf(skipBrowser)('admin console: simulated records', () => {
  let server: RunningServer;
  let b: OpenBrowser;

  beforeAll(async () => {
    server = await startServer({ simulator: true, simulatorSpeed: 3600 });
    b = await openBrowser(server.url, { width: 1366, height: 768 });
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  const openDataset = async () => {
    const { page } = b;
    await page.goto(`${server.url}/admin`, { waitUntil: 'load' });
    // The token lives in the tab's session: signed in once, a reload keeps it.
    if (await page.locator('input[name=token]').count()) {
      await page.fill('input[name=token]', `${server.token}-admin`);
      await page.click('form.signin button');
    }
    await page.locator('[data-tab="dataset"]').click();
    await page.getByTestId('simulated').waitFor();
  };

  it('refuses while the simulator writes, then purges what it wrote after a restart', async () => {
    const { page } = b;
    // The simulator at ×3600 writes several problems a second into 金牛区: wait for a few.
    const simulatedProblems = async () => {
      const r = await fetch(`${server.url}/api/admin/dataset`, {
        headers: { authorization: `Bearer ${server.token}-admin` },
      });
      return ((await r.json()) as DatasetReport).simulated.problems;
    };
    await expect.poll(simulatedProblems, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(3);
    await openDataset();
    const card = page.getByTestId('simulated');
    expect(await card.textContent()).toContain('SIMULATOR=off');
    expect(await card.getByRole('button', { name: '清除模拟数据' }).isDisabled()).toBe(true);

    await server.restart({ SIMULATOR: 'off' });
    await openDataset();
    await expect.poll(() => number(page, '[data-testid="simulated"] .fact b')).toBeGreaterThan(0);
    const simulated = await number(page, '[data-testid="simulated"] .fact b');
    const before = await number(page, '[data-testid="reported30"]');
    await card.getByRole('button', { name: '清除模拟数据' }).click();
    await page.getByTestId('purge-confirm').getByRole('button', { name: '确定清除' }).click();
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('已清除');
    await expect.poll(() => number(page, '[data-testid="simulated"] .fact b')).toBe(0);
    // The simulated problems were reported in the last 30 days: the district's count drops by them.
    await expect
      .poll(() => number(page, '[data-testid="reported30"]'), { timeout: 30_000 })
      .toBe(before - simulated);
    await page.screenshot({ path: 'test-results/admin-console-simulated-1366x768.png' });
    expect(b.consoleProblems).toEqual([]);
  }, 120_000);
});
