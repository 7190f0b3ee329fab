// Shared by the presentation-mode browser tests: scene files written to a temp SCENES_DIR, console
// recording for extra windows, and the API calls that make figures move.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GeoBundle } from '@shared/protocol';
import type { SceneFile } from '../../client/modes/scenes';
import type { RunningServer } from './harness';

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
