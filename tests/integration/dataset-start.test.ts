// DATA_DIR at start-up: an invalid dataset stops the real server process with the checker's
// messages (exit 1, nothing listening); a valid other district is what the API then serves.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  tinyFiguresCsv,
  tinyGridIds,
  writeTinyDataset,
  TINY_DISTRICT_ID,
} from '../fixtures/tiny-dataset';
import { ADMIN, INGEST, buildTestApp } from './build-app';
import type { GeoBundle, Snapshot } from '../../shared/protocol';

const root = resolve(import.meta.dirname, '../..');

describe('the dataset at start-up', () => {
  it('refuses to start on an invalid dataset and says which file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-ds-'));
    try {
      // A figures row for a grid that does not exist, on line 3 of figures.csv.
      const rows = tinyFiguresCsv().trimEnd().split('\n');
      rows[2] = rows[2]!.replace(tinyGridIds()[1]!, '999901009009-G09');
      await writeTinyDataset(dir, { figuresCsv: rows.join('\n') + '\n' });
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          DATA_DIR: dir,
          DB_FILE: join(dir, 'db.sqlite'),
          PORT: '0',
          INGEST_TOKEN: 'x'.repeat(20),
          ADMIN_TOKEN: 'y'.repeat(20),
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('invalid dataset');
      expect(r.stderr).toMatch(/figures\.csv:3: .*999901009009-G09/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('serves whichever district DATA_DIR names, with no code change', async () => {
    const t = await buildTestApp(); // the tiny 测试区, not 金牛区
    try {
      const geo = (await t.app.inject({ url: '/api/geo' })).json<GeoBundle>();
      expect(geo.dataset.name).toBe('测试区');
      expect(geo.regions.features.filter((f) => f.properties.level === 'grid')).toHaveLength(8);
      const snap = (await t.app.inject({ url: '/api/snapshot' })).json<Snapshot>();
      expect(snap.view.scope).toEqual({ level: 'district', id: TINY_DISTRICT_ID });
      expect(snap.view.figures.grids).toBe(8);
      expect(snap.view.figures.stations.party_center).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('gives the heat map every problem of the last 30 days, new ones included', async () => {
    const t = await buildTestApp();
    try {
      await t.app.inject({
        method: 'POST',
        url: '/api/problems',
        headers: { authorization: `Bearer ${INGEST}` },
        payload: {
          id: 'heat-1',
          category: 'safety',
          source: 'patrol',
          position: [104.0312, 30.7087],
        },
      });
      const heat = (await t.app.inject({ url: '/api/heat' })).json<{
        points: Array<[number, number]>;
      }>();
      const snap = (await t.app.inject({ url: '/api/snapshot' })).json<Snapshot>();
      expect(heat.points).toHaveLength(snap.view.windows.rolling30.reported);
      // Public by default: the point snapped to the centre of its 0.001° cell, not the doorstep.
      expect(heat.points).toContainEqual([104.0315, 30.7085]);
      expect(heat.points).not.toContainEqual([104.0312, 30.7087]);
      const exact = (
        await t.app.inject({ url: '/api/heat', headers: { authorization: `Bearer ${ADMIN}` } })
      ).json<{ points: Array<[number, number]> }>();
      expect(exact.points).toContainEqual([104.0312, 30.7087]);
    } finally {
      await t.close();
    }
  });
});
