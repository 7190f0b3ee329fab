// On the embedded store an import's rows are written by a worker thread on its own connection,
// in chunks of thousands of rows: API writes made during the import still land (they wait for the
// chunk in the store's queue instead of on SQLite's lock), and the live figures, the stored
// roll-ups and a recount agree at the end, and again after the undo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, INGEST, post, type TestApp } from './build-app';
import { benchRows } from '../../bench/import-files';
import { WRITE_CHUNK_ROWS } from '../../server/import/import-jobs';
import type { ImportDoc } from '../../server/import/import-doc';
import type { Snapshot } from '../../shared/protocol';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { ON_PG } from './test-store';

const ingest = { authorization: `Bearer ${INGEST}` };
const admin = { authorization: `Bearer ${ADMIN}` };
/** Two chunks, the first sent to the main thread in parts: two transactions of the writer. */
const ROWS = WRITE_CHUNK_ROWS + 517;

/** A pinned clock in November: the file's 300 days all fall in its year window. */
const NOW = Date.parse('2026-11-20T10:00:00+08:00');

let t: TestApp;
beforeAll(async () => (t = await buildTestApp({ now: () => NOW })));
afterAll(async () => t?.close());

function csvOf(rows: Iterable<string[]>): Buffer {
  const head = '工单编号,诉求类型,来源,受理时间,办结时间,所属街道,所属社区,网格,满意度';
  const lines = [head];
  for (const r of rows) lines.push(r.join(','));
  return Buffer.from(lines.join('\n'), 'utf8');
}

async function step(id: string, what: 'dry-run' | 'run' | 'undo', body: object = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/imports/${id}/${what}`,
    // Undo takes rows away: the admin's call.
    headers: what === 'undo' ? admin : ingest,
    payload: body,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

const reported = async () =>
  (await t.app.inject({ url: '/api/snapshot' })).json<Snapshot>().view.windows.year.reported;
const recount = async () =>
  (await t.app.inject({ method: 'POST', url: '/api/admin/recount', headers: admin })).json<{
    identical: boolean;
  }>();

describe.skipIf(ON_PG)('an import on the embedded store', () => {
  it(
    'is written off the main thread while API writes land beside it',
    { timeout: 120_000 },
    async () => {
      expect(t.app.services.store.offThread?.file).toBe(t.config.dbFile);
      const regions = t.app.services.dataset.regions.features.map((f) => f.properties);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/imports?source=12345&filename=big.csv',
        headers: { ...ingest, 'content-type': 'application/octet-stream' },
        payload: csvOf(benchRows(ROWS, regions, t.config.now())),
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<ImportDoc>().id;
      await step(id, 'dry-run');
      await t.app.imports.idle();
      const before = await reported();

      await step(id, 'run', { onUnmapped: 'reject' });
      // Single writes until the import ends: each waits its turn, none is refused or lost. The
      // writer writes the next chunk while the main thread applies one only when no call waits,
      // so a write made meanwhile lands between two chunks, not after the whole import.
      const grids = tinyGridIds();
      const writes: Array<Promise<number>> = [];
      /** The import's accepted rows when each write was answered. */
      const seen: number[] = [];
      let running = true;
      const ended = t.app.imports.idle().then(() => (running = false));
      for (let i = 0; running || i < 40; i++) {
        writes.push(
          post(t.app, '/api/problems', {
            id: `beside-${i}`,
            category: 'environment',
            source: 'patrol',
            gridId: grids[i % grids.length],
          }).then(async (r) => {
            seen.push((await t.app.imports.get(id)).result?.accepted ?? 0);
            return r.statusCode;
          }),
        );
        await new Promise((ok) => setTimeout(ok, 5));
      }
      await ended;
      expect(await Promise.all(writes)).toEqual(writes.map(() => 201));

      const doc = (
        await t.app.inject({ url: `/api/imports/${id}`, headers: ingest })
      ).json<ImportDoc>();
      expect(doc.status, JSON.stringify(doc.error)).toBe('imported');
      const rejected = Object.values(doc.result!.rejected).reduce((a, b) => a + b, 0);
      expect(doc.result!.accepted + rejected).toBe(ROWS);
      expect(doc.result!.accepted).toBeGreaterThan(ROWS * 0.9);
      expect(seen.filter((n) => n > 0 && n < doc.result!.accepted).length).toBeGreaterThan(0);
      // Every row the worker wrote counts in the live figures (all were reported this year).
      expect(await reported()).toBe(before + doc.result!.accepted + writes.length);
      expect(await recount()).toMatchObject({ identical: true });

      await step(id, 'undo');
      await t.app.imports.idle();
      expect(await reported()).toBe(before + writes.length);
      expect(await recount()).toMatchObject({ identical: true });
    },
  );
});
