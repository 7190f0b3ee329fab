// A server closed with SCREEN_TOKEN: a wall opened without the token (or with a wrong one) says
// in the middle of the screen what is missing, instead of "connecting" forever, and asks the
// server only slowly; opened with the token it is live and quiet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, skipBrowser, startServer } from './harness';
import type { OpenBrowser, RunningServer } from './harness';
import { writeTinyDataset } from '../fixtures/tiny-dataset';
import type { Snapshot } from '@shared/protocol';

const SECRET = 'wall-secret-e2e-4711';

describe.skipIf(skipBrowser)('a screen behind SCREEN_TOKEN', () => {
  let server: RunningServer;
  let dataDir: string;
  const browsers: OpenBrowser[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'screen-e2e-token-'));
    await writeTinyDataset(dataDir);
    server = await startServer({ simulator: false, dataDir, env: { SCREEN_TOKEN: SECRET } });
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [what, query] of [
    ['without a token', ''],
    ['with a wrong token', '?token=not-the-secret'],
  ] as const)
    // The two refused walls run side by side: each spends most of its time in the same 12 s wait.
    it.concurrent(
      `says the token is needed when opened ${what}, and does not hammer the server`,
      async ({ expect }) => {
        const b = await openBrowser(server.url);
        browsers.push(b);
        const refused: string[] = [];
        b.page.on('response', (r) => {
          if (r.status() === 401) refused.push(new URL(r.url()).pathname);
        });
        await b.page.goto(`${server.url}/${query}`, { waitUntil: 'load' });
        const notice = b.page.getByTestId('token-notice');
        await notice.waitFor({ state: 'visible', timeout: 20_000 });
        expect(await notice.textContent()).toContain('/?token=');
        expect(await b.page.getByTestId('status').textContent()).toContain('需要令牌');
        expect(await b.page.getByTestId('headline-solved').textContent()).not.toMatch(/\d/);

        // Twelve seconds more: the geometry and heat loaders wait 30 s after a 401, so each asked
        // once. Before, the geometry loader retried on a doubling back-off capped at 10 s.
        await b.page.waitForTimeout(12_000);
        expect(refused.filter((p) => p === '/api/geo')).toHaveLength(1);
        expect(refused.filter((p) => p === '/api/heat')).toHaveLength(1);
        // The only console lines are the browser's own notes on those refused loads.
        expect(b.consoleProblems.filter((m) => !/status of 401/.test(m))).toEqual([]);
        expect(b.foreignRequests).toEqual([]);
      },
      60_000,
    );

  it('is live, with the figures of the API and no notice, when opened with the token', async () => {
    const b = await openBrowser(server.url);
    browsers.push(b);
    await b.page.goto(`${server.url}/?token=${SECRET}`, { waitUntil: 'load' });
    const res = await fetch(`${server.url}/api/snapshot?token=${SECRET}`);
    expect(res.status).toBe(200);
    const solved = ((await res.json()) as Snapshot).view.windows.year.solved;
    await expect
      .poll(async () => (await b.page.getByTestId('status').textContent()) ?? '', {
        timeout: 30_000,
      })
      .toContain('实时');
    await expect
      .poll(
        async () =>
          Number(
            ((await b.page.getByTestId('headline-solved').textContent()) ?? '').replace(/\D/g, ''),
          ),
        { timeout: 15_000 },
      )
      .toBe(solved);
    expect(await b.page.getByTestId('token-notice').count()).toBe(0);
    expect(b.consoleProblems).toEqual([]);
  }, 60_000);
});
