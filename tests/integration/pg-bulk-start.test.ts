// The demo's first start on PostgreSQL: history and a year of back-filled activity go in through
// Store.insertMany (COPY), and leave the same rows and roll-ups as the embedded SQLite store.
// One row per round trip took 28–110 s for the back-fill here; the bound below is far under that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { buildRegionIndex } from '../../server/aggregate/region-index';
import { rollupRegions } from '../../server/aggregate/startup';
import { importHistory } from '../../server/ingest/history-import';
import { backfillActivity } from '../../server/simulator/activity-backfill';
import { openPgStore } from '../../server/store/pg/pg-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { Store } from '../../server/store/records';
import { encodeBucket } from '../../server/aggregate/day-bucket';
import { createTestDatabase } from './pg-db';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function firstStart(store: Store, ds: Awaited<ReturnType<typeof loadValidDataset>>) {
  const index = buildRegionIndex(ds);
  const now = Date.parse('2026-11-27T15:00:00+08:00');
  let t0 = performance.now();
  const problems = await importHistory(store, ds, now);
  const historyMs = performance.now() - t0;
  t0 = performance.now();
  const activity = await backfillActivity(store, ds, index, now);
  const backfillMs = performance.now() - t0;
  const rollups: unknown[] = [];
  await store.eachRollup(-(2 ** 31), 2 ** 31 - 1, (id, day, b) =>
    rollups.push([id, day, encodeBucket(b)]),
  );
  let visits = 0;
  await store.eachStationVisit(0, () => visits++);
  return { problems, activity, visits, historyMs, backfillMs, rollups };
}

describe('demo first start on PostgreSQL', { timeout: 300_000 }, () => {
  it('writes the history and back-fill in bulk, as SQLite does, in seconds', async () => {
    const ds = await loadValidDataset(resolve('data/jinniu'));
    const regions = rollupRegions(buildRegionIndex(ds));
    const pgStore = await openPgStore(db.url, regions, { poolSize: 2 });
    const lite = openSqliteStore(':memory:', regions);
    try {
      const onPg = await firstStart(pgStore, ds);
      const onLite = await firstStart(lite, ds);
      console.log(
        `first start, PostgreSQL: ${onPg.problems} problems in ${Math.round(onPg.historyMs)} ms, ` +
          `${onPg.activity} activity rows in ${Math.round(onPg.backfillMs)} ms; SQLite: ` +
          `${Math.round(onLite.historyMs)} ms, ${Math.round(onLite.backfillMs)} ms`,
      );
      expect(onPg.problems).toBeGreaterThan(10_000);
      expect(onPg.activity).toBeGreaterThan(200_000);
      expect(onPg.problems).toBe(onLite.problems);
      expect(onPg.activity).toBe(onLite.activity);
      expect(onPg.visits).toBe(onLite.visits);
      expect(onPg.rollups).toEqual(onLite.rollups);
      expect(onPg.backfillMs).toBeLessThan(20_000);
      // A second start finds the markers and writes nothing.
      expect((await firstStart(pgStore, ds)).activity).toBe(0);
    } finally {
      await pgStore.close();
      await lite.close();
    }
  });

  it('rolls back a call whose COPY fails, and the pool (of one connection) works on', async () => {
    const store = await openPgStore(db.url, undefined, { poolSize: 1 });
    try {
      const v = (id: string, tenths: number) => ({
        kind: 'volunteer' as const,
        record: { id, regionId: 'X', tenths, at: 1 },
      });
      // A fraction is no BIGINT: the COPY itself fails, in the middle of a transaction.
      await expect(
        store.transaction(async (tx) => {
          await tx.insertMany({ activity: [v('F1', 2)] });
          await tx.insertMany({ activity: [v('F2', 1.5)] });
        }),
      ).rejects.toThrow(/bigint/);
      expect(await store.insertMany({ activity: [v('F1', 2), v('F3', 3), v('F1', 4)] })).toEqual({
        problems: [],
        activity: 2,
        storedActivity: [0, 1],
      });
      const stored: unknown[] = [];
      await store.eachVolunteer(0, (r) => r.id.startsWith('F') && stored.push([r.id, r.tenths]));
      expect(stored).toEqual([
        ['F1', 2],
        ['F3', 3],
      ]);
    } finally {
      await store.close();
    }
  });
});
