// The stored roll-ups against a full recount of the rows, after random sequences of writes (good
// and bad records, transitions in and out of order, ratings, activity, an undone import): the
// live figures, the figures a restart loads from the roll-ups, and the recount must be identical.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { recountFromStore } from '../../server/aggregate/recount';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { aggregatorFromStore, rollupRegions } from '../../server/aggregate/startup';
import { freezeAt } from '../../server/aggregate/as-of-layer';
import { windowsInSpans } from '../../server/aggregate/windows-in-spans';
import { expectSameFigures, recordsArb } from './rollup-figures';
import { ON_PG, SQLITE_ONLY } from './test-store';
import { sqlOn } from './pg-db';

const NOW = Date.parse('2026-11-23T15:30:00+08:00');
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: () => NOW });
});
afterAll(async () => t?.close());

describe('roll-ups', () => {
  it('equal a recount of the rows after any sequence of writes', async () => {
    const s = t.app.services;
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }).chain((n) => recordsArb((serial += n + 1), NOW)),
        fc.boolean(),
        async (records, undo) => {
          const r = await post(t.app, '/api/batch', { records });
          expect(r.statusCode).toBe(200);
          if (undo) {
            // An undone import: some stored problems deleted, their figures taken back.
            const ids = new Set(
              records.filter((x) => x.type === 'problem').map((x) => (x.data as { id: string }).id),
            );
            const found = await Promise.all([...ids].map((id) => s.store.getProblem(id)));
            const gone = found.filter((p) => p !== undefined).slice(0, 3);
            await s.store.transaction(
              (tx) => tx.imports.deleteProblems(gone.map((p) => p.id)),
              () => {
                for (const p of gone) s.agg.removeProblem(p);
              },
            );
          }
          const recount = (await recountFromStore(s.store, s.index, () => NOW)).agg;
          expectSameFigures(s.agg, recount, 'live');
          expectSameFigures(
            (await aggregatorFromStore(s.store, s.index, () => NOW)).agg,
            recount,
            'loaded',
          );
          // A store that cannot read a grid's older days at once (over a socket) loads them all.
          const remote = { ...s.store, eachRollupOfNow: undefined };
          expectSameFigures(
            (await aggregatorFromStore(remote, s.index, () => NOW)).agg,
            recount,
            'loaded at once',
          );
        },
      ),
      { numRuns: 25, seed: 20261127 },
    );
    // The property saw real work: problems stored, some closed, some rated.
    const d = s.agg.windows(s.index.districtId).year;
    expect(d.reported).toBeGreaterThan(20);
    expect(d.solved).toBeGreaterThan(0);
  });

  it('give the figures of any earlier moment, equal to a recount cut at it, and keep them while writes go on', async () => {
    const s = t.app.services;
    await fc.assert(
      fc.asyncProperty(
        recordsArb(1e9, NOW),
        fc.integer({ min: 0, max: 45 * 86_400_000 }),
        fc.array(recordsArb(1e9, NOW), { maxLength: 4 }),
        recordsArb(3e9, NOW),
        async (before, back, during, after) => {
          await post(t.app, '/api/batch', { records: before });
          const at = NOW - back;
          // The oracle first: writes land while the layer reads its pages (3 rows each).
          const oracle = (await recountFromStore(s.store, s.index, () => NOW, at)).agg;
          const pending = [...during];
          const frozen = await freezeAt(
            s.agg,
            s.store,
            at,
            async () => {
              const records = pending.shift();
              if (records) await post(t.app, '/api/batch', { records });
            },
            3,
          );
          expectSameFigures(frozen.agg, oracle, `as of ${new Date(at).toISOString()}`);
          // Writes after the freeze (new problems, transitions of old ones) change nothing in it.
          await post(t.app, '/api/batch', { records: after });
          expectSameFigures(frozen.agg, oracle, 'after more writes');
          frozen.release();
        },
      ),
      { numRuns: 30, seed: 20261128 },
    );
  });

  it("sum a frozen moment's windows a span of days at a time, writes landing between spans", async () => {
    const s = t.app.services;
    await fc.assert(
      fc.asyncProperty(
        recordsArb(1e9, NOW),
        fc.integer({ min: 0, max: 45 * 86_400_000 }),
        fc.array(recordsArb(1e9, NOW), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        async (before, back, during, spanDays) => {
          await post(t.app, '/api/batch', { records: before });
          const at = NOW - back;
          const oracle = (await recountFromStore(s.store, s.index, () => NOW, at)).agg;
          const frozen = await freezeAt(s.agg, s.store, at);
          const pending = [...during];
          const between = async () => {
            const records = pending.shift();
            if (records) await post(t.app, '/api/batch', { records });
          };
          for (const id of [s.index.districtId, ...s.index.regions.keys()].slice(0, 4))
            expect(await windowsInSpans(frozen.agg, id, between, spanDays), id).toEqual(
              oracle.windows(id),
            );
          frozen.release();
        },
      ),
      { numRuns: 25, seed: 20261129 },
    );
  });

  it('take back activity written while the frozen layer reads its pages of activity, once', async () => {
    const s = t.app.services;
    const at = NOW - 2 * 86_400_000; // 15:30 that day: later hours of it are in its windows
    const party = (id: string, hoursAfter: number) => ({
      type: 'party_report',
      data: {
        id,
        regionId: tinyGridIds()[0]!,
        at: new Date(at + hoursAfter * 3_600_000).toISOString(),
      },
    });
    // One stored before T; after T, on T's day, more than a page (1 row each).
    await post(t.app, '/api/batch', {
      records: [party('pa-0', -2), party('pa-1', 1), party('pa-2', 2)],
    });
    const oracle = (await recountFromStore(s.store, s.index, () => NOW, at)).agg;
    // Written after the first page: one dated after the row read so far, one before T.
    let writes = [[party('pa-3', 3), party('pa-4', -1)]];
    const frozen = await freezeAt(
      s.agg,
      s.store,
      at,
      async () => {
        const records = writes.shift();
        if (records) await post(t.app, '/api/batch', { records });
      },
      1,
    );
    writes = [];
    expect(oracle.windows(s.index.districtId).today.partyReports).toBeGreaterThan(0);
    expectSameFigures(frozen.agg, oracle, 'activity written between its pages');
    frozen.release();
  });

  it.skipIf(ON_PG)(
    `are rebuilt from the rows when a file from before them (schema 2) is opened (${SQLITE_ONLY})`,
    async () => {
      const s = t.app.services;
      const file = join(t.dir, 'v2.sqlite');
      const db = new Database(t.config.dbFile, { readonly: true });
      await db.backup(file);
      db.close();
      const old = new Database(file);
      old.exec(`DELETE FROM rollups; UPDATE problems SET last_at = 0;
      UPDATE meta SET value = '2' WHERE key = 'schema_version';
      DELETE FROM meta WHERE key = 'rollups_fingerprint';`);
      old.close();
      const store = openSqliteStore(file, rollupRegions(s.index));
      try {
        const recount = (await recountFromStore(store, s.index, () => NOW)).agg;
        expect(recount.windows(s.index.districtId).year.reported).toBeGreaterThan(20);
        expectSameFigures(
          (await aggregatorFromStore(store, s.index, () => NOW)).agg,
          recount,
          'rebuilt',
        );
        // last_at is filled in: "changed after" finds the problems touched in the last day.
        const page = await store.problemsChangedAfter(NOW - 86_400_000, null, 1000);
        expect(page.rows.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    },
  );

  it.skipIf(ON_PG)(
    `go stale when a store without the region tree writes, and are rebuilt at the next open (${SQLITE_ONLY}; pg-store.test.ts covers it there)`,
    async () => {
      const s = t.app.services;
      const file = join(t.dir, 'bare.sqlite');
      const db = new Database(t.config.dbFile, { readonly: true });
      await db.backup(file);
      db.close();
      const bare = openSqliteStore(file);
      await bare.insertPartyReport({
        id: 'bare-1',
        regionId: tinyGridIds()[0]!,
        at: NOW - 3_600_000,
      });
      expect(await bare.getMeta('rollups_fingerprint')).toBe('stale');
      await bare.close();
      const store = openSqliteStore(file, rollupRegions(s.index));
      try {
        const recount = (await recountFromStore(store, s.index, () => NOW)).agg;
        expectSameFigures(
          (await aggregatorFromStore(store, s.index, () => NOW)).agg,
          recount,
          'rebuilt',
        );
        expect(recount.windows(s.index.districtId).today.partyReports).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    },
  );

  it('are checked against a count of the rows off the main thread, which finds a spoiled row', async () => {
    const check = async () =>
      (await post(t.app, '/api/admin/recount', {}, { authorization: `Bearer ${ADMIN}` })).json<{
        identical: boolean;
        differing: string[];
      }>();
    expect(await check()).toMatchObject({ identical: true, differing: [] });
    const grid = tinyGridIds()[0]!;
    if (t.config.databaseUrl) {
      const pick = 'SELECT day FROM rollups WHERE region_id = $1 LIMIT 1';
      const sql = `UPDATE rollups SET counts = '{1}' WHERE region_id = $1 AND day = (${pick})`;
      await sqlOn(t.config.databaseUrl, sql, [grid]);
    } else {
      const db = new Database(t.config.dbFile);
      const row = db
        .prepare<[string], { day: number }>('SELECT day FROM rollups WHERE region_id = ? LIMIT 1')
        .get(grid)!;
      db.prepare('UPDATE rollups SET counts = ? WHERE region_id = ? AND day = ?').run(
        '[1]',
        grid,
        row.day,
      );
      db.close();
    }
    expect(await check()).toMatchObject({ identical: false, differing: [grid] });
  });
});
