// The PostgreSQL store against the SQLite store it stands in for: the same random sequences of
// calls (transactions, savepoints that throw, idempotent retries, imports undone, simulated
// records purged) must give the same answers and leave the same rows and roll-ups. Then what only
// PostgreSQL has: concurrent migrations, isolation of an open transaction, paged reads, rebuilds.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteSync } from '../../server/store/sqlite-store';
import { openPgStore } from '../../server/store/pg/pg-store';
import { migrate } from '../../server/store/pg/migrate';
import type { Store, ProblemRecord, SyncStore } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';
import { encodeBucket } from '../../server/aggregate/day-bucket';
import { createTestDatabase } from './pg-db';
import { commandsArb, DUMP, REGIONS, runAsync, runSync, T0, type Cmd } from './pg-commands';
import { readdirSync } from 'node:fs';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: Store;
let admin: pg.Pool;

const TABLES = `problems, problem_events, volunteer_checkins, party_reports, station_visits,
  idempotency_keys, tokens, console_tokens, rollups, imports, import_rows, import_mappings`;

beforeAll(async () => {
  db = await createTestDatabase('en-US');
  store = await openPgStore(db.url, REGIONS, { poolSize: 4 });
  admin = quiet(new pg.Pool({ connectionString: db.url, max: 1 }));
});

/**
 * A test's own pool: a connection that ends while its database is dropped (WITH FORCE) may still
 * report that after its pool let go of it, and an unheard 'error' fails the whole run.
 */
function quiet(pool: pg.Pool): pg.Pool {
  pool.on('error', () => undefined);
  pool.on('connect', (c) => c.on('error', () => undefined));
  return pool;
}
afterAll(async () => {
  await store?.close();
  await admin?.end();
  await db?.drop();
});

/** Empties the PostgreSQL store (row ids restart, as a new SQLite file's do). */
async function reset(): Promise<void> {
  await admin.query(`TRUNCATE ${TABLES} RESTART IDENTITY`);
  await admin.query(`DELETE FROM meta WHERE key <> 'rollups_fingerprint'`);
}

/** A problem just reported, not yet called. */
const reported = (id: string): ProblemRecord =>
  problemRecord({
    id,
    category: 'environment',
    placeId: 'G1',
    position: [104.05, 30.7],
    reportedAt: T0 + 3_600_000,
    dueAt: T0 + 86_400_000,
  });

/** The same problem through every step, closed and rated. */
const problem = (id: string, over: Partial<ProblemRecord> = {}): ProblemRecord => ({
  ...reported(id),
  stage: 'closed',
  tier: 'grid',
  calledAt: T0 + 3_700_000,
  respondedAt: T0 + 3_800_000,
  handledAt: T0 + 7_200_000,
  closedAt: T0 + 90_000_000,
  rating: 'satisfied',
  ratedAt: T0 + 100_000_000,
  ...over,
});

async function rollupsOf(s: Store): Promise<unknown[]> {
  const rows: unknown[] = [];
  await s.eachRollup(-(2 ** 31), 2 ** 31 - 1, (id, day, b) =>
    rows.push([id, day, encodeBucket(b)]),
  );
  return rows;
}
function sqliteRollupsOf(s: SyncStore): unknown[] {
  const rows: unknown[] = [];
  s.eachRollup(-(2 ** 31), 2 ** 31 - 1, (id, day, b) => rows.push([id, day, encodeBucket(b)]));
  return rows;
}

// Property runs against a real database: minutes on a loaded 2-core CI box, not the default 20 s.
describe('PostgreSQL store', { timeout: 120_000 }, () => {
  it('answers every call as the SQLite store does, for random sequences of calls', async () => {
    let runs = 0;
    const seen = { answers: 0, errors: 0, committed: 0, problems: 0, rollups: 0, purged: 0 };
    await fc.assert(
      fc.asyncProperty(commandsArb, async (cmds: Cmd[]) => {
        runs++;
        await reset();
        const lite = openSqliteSync(':memory:', REGIONS);
        try {
          const want: unknown[] = [];
          const got: unknown[] = [];
          runSync(lite, [...cmds, ...DUMP], want);
          await runAsync(store, [...cmds, ...DUMP], got);
          expect(got).toEqual(want);
          // What the run exercised, so a generator that only hits errors cannot pass unnoticed.
          const dump = got.slice(-DUMP.length);
          seen.answers += got.length;
          seen.errors += got.filter((x) => x === 'error').length;
          seen.committed += got.filter((x) => x === 'committed').length;
          seen.problems += (dump[0] as unknown[]).length;
          seen.rollups += (dump[4] as unknown[]).length;
          seen.purged += cmds.filter((c) => 'm' in c && c.m === 'simulated.purgePage').length;
        } finally {
          lite.close();
        }
      }),
      { numRuns: 60, seed: 20261127 },
    );
    expect(runs).toBe(60);
    console.log('contract runs:', JSON.stringify(seen));
    expect(seen.errors).toBeLessThan(seen.answers / 4);
    expect(seen.committed).toBeGreaterThan(30);
    expect(seen.problems).toBeGreaterThan(30);
    expect(seen.rollups).toBeGreaterThan(300);
  });

  it('answers as the SQLite store does without a region tree (roll-ups only marked stale)', async () => {
    const fresh = await createTestDatabase('en-US');
    const bare = await openPgStore(fresh.url);
    const bareAdmin = quiet(new pg.Pool({ connectionString: fresh.url, max: 1 }));
    const dump: Cmd[] = [...DUMP, { m: 'getMeta', a: ['rollups_fingerprint'] }];
    let stale = 0;
    try {
      await fc.assert(
        fc.asyncProperty(commandsArb, async (cmds: Cmd[]) => {
          await bareAdmin.query(`TRUNCATE ${TABLES}, meta RESTART IDENTITY`);
          const lite = openSqliteSync(':memory:');
          try {
            const want: unknown[] = [];
            const got: unknown[] = [];
            runSync(lite, [...cmds, ...dump], want);
            await runAsync(bare, [...cmds, ...dump], got);
            expect(got).toEqual(want);
            if (got.at(-1) === 'stale') stale++;
          } finally {
            lite.close();
          }
        }),
        { numRuns: 20, seed: 20261128 },
      );
      expect(stale).toBeGreaterThan(5);
    } finally {
      await bare.close();
      await bareAdmin.end();
      await fresh.drop();
    }
  });

  it('rolls back a throwing savepoint alone, roll-ups included', async () => {
    await reset();
    const lite = openSqliteSync(':memory:', REGIONS);
    const a = problem('A');
    const b = problem('B', { placeId: 'G2' });
    lite.insertProblem(a, null);
    lite.insertVolunteer({ id: 'V1', regionId: 'G1', tenths: 15, at: T0 });
    const out = await store.transaction(async (tx) => {
      await tx.insertProblem(a, null);
      const inner = await tx
        .transaction(async (sp) => {
          await sp.insertProblem(b, null);
          await sp.insertVolunteer({ id: 'V2', regionId: 'G2', tenths: 5, at: T0 });
          expect(await sp.getProblem('B')).toEqual(b);
          throw new Error('undo the savepoint');
        })
        .catch((e: Error) => e.message);
      await tx.insertVolunteer({ id: 'V1', regionId: 'G1', tenths: 15, at: T0 });
      return inner;
    });
    expect(out).toBe('undo the savepoint');
    expect(await store.getProblem('A')).toEqual(a);
    expect(await store.getProblem('B')).toBeUndefined();
    const vols: string[] = [];
    await store.eachVolunteer(0, (v) => vols.push(v.id));
    expect(vols).toEqual(['V1']);
    const stored = await rollupsOf(store);
    expect(stored).toEqual(sqliteRollupsOf(lite));
    expect(stored.length).toBeGreaterThan(3);
    lite.close();
  });

  it('keeps an open transaction invisible to the pool until COMMIT', async () => {
    await reset();
    const p = problem('ISO');
    let outside: unknown = 'unread';
    let inside: unknown;
    await store.transaction(async (tx) => {
      await tx.insertProblem(p, null);
      inside = await tx.getProblem('ISO');
      outside = await store.getProblem('ISO');
      expect(await rollupsOf(store)).toEqual([]);
    });
    expect(inside).toEqual(p);
    expect(outside).toBeUndefined();
    expect(await store.getProblem('ISO')).toEqual(p);
    expect((await rollupsOf(store)).length).toBeGreaterThan(0);
    // A transaction's store refuses work after it ended.
    let kept: Store | undefined;
    await store.transaction(async (tx) => void (kept = tx));
    await expect(kept!.getProblem('ISO')).rejects.toThrow(/ended/);
  });

  it('rolls the whole transaction back when fn throws, and the pool keeps working', async () => {
    await reset();
    await expect(
      store.transaction(async (tx) => {
        await tx.insertProblem(problem('X'), null);
        await tx.insertProblem(problem('X'), null); // duplicate key: the statement fails
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await store.getProblem('X')).toBeUndefined();
    expect(await rollupsOf(store)).toEqual([]);
    for (let i = 0; i < 10; i++) await store.insertProblem(problem(`Y${i}`), null);
    expect((await store.openProblems()).length).toBe(0);
    expect(await store.firstReportedAt()).toBe(T0 + 3_600_000);
  });

  it('streams more rows than one page through each*, in (time, row) order', async () => {
    await reset();
    const n = 12_345;
    const started = performance.now();
    await admin.query(
      `INSERT INTO volunteer_checkins (id, region_id, tenths, at)
       SELECT 'V' || i, 'G1', i % 7, $1::BIGINT + (i % 1000) FROM generate_series(1, $2) AS i`,
      [T0, n],
    );
    const seen: Array<[number, string]> = [];
    await store.eachVolunteer(T0 + 10, (v) => seen.push([v.at, v.id]));
    const ms = performance.now() - started;
    let expected = 0;
    for (let i = 1; i <= n; i++) if (i % 1000 >= 10) expected++;
    expect(seen.length).toBe(expected);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0] >= seen[i - 1]![0]).toBe(true);
    expect(new Set(seen.map((s) => s[1])).size).toBe(seen.length);
    console.log(`eachVolunteer: ${seen.length} rows in ${ms.toFixed(0)} ms`);
  });
});

describe('PostgreSQL store with two nodes', () => {
  it('counts every write when two nodes write the same problems and buckets at once', async () => {
    await reset();
    const other = await openPgStore(db.url, REGIONS, { poolSize: 4 });
    const nodes = [store, other];
    const open = reported('CP');
    await store.insertProblem(open, null);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 120; i++) {
      const node = nodes[i % 2]!;
      // Transactions touching the same buckets in opposite orders: they must neither deadlock
      // nor lose a count.
      const regions = i % 4 < 2 ? ['G1', 'G2', 'C2'] : ['C2', 'G2', 'G1'];
      writes.push(
        node.transaction(async (tx) => {
          for (const [k, regionId] of regions.entries())
            await tx.insertVolunteer({
              id: `CV${i}-${k}`,
              regionId,
              tenths: (i + k) % 5,
              at: T0 + ((i + k) % 3) * 86_400_000,
            });
        }),
      );
      // Concurrent updates of one problem: each must take back the state the one before left.
      if (i % 6 === 0)
        writes.push(
          node.updateProblem(
            { ...open, closedAt: T0 + 3_600_000 * (2 + i), stage: 'closed', tier: 'community' },
            {
              id: `CE${i}`,
              problemId: 'CP',
              kind: 'closed',
              stage: 'closed',
              tier: null,
              rating: null,
              at: T0,
            },
          ),
        );
    }
    const started = performance.now();
    await Promise.all(writes);
    const ms = performance.now() - started;
    console.log(`two nodes: ${writes.length} concurrent transactions in ${ms.toFixed(0)} ms`);
    await other.close();

    // The reference: the SQLite store fed the rows PostgreSQL ended up with.
    const lite = openSqliteSync(':memory:', REGIONS);
    await store.eachProblem((p) => lite.insertProblem(p, null));
    await store.eachVolunteer(0, (v) => void lite.insertVolunteer(v));
    const stored = await rollupsOf(store);
    expect(stored).toEqual(sqliteRollupsOf(lite));
    let checkins = 0;
    await store.eachVolunteer(0, () => checkins++);
    expect(checkins).toBe(360);
    lite.close();
  });

  it('lets one of two nodes claim the import step when both look at the same instant', async () => {
    await reset();
    const other = await openPgStore(db.url, REGIONS, { poolSize: 4 });
    // Each node looks for a running step, waits (both have looked by then without the lock), and
    // stores its own as running only if it saw none: the engine's claim, slowed down.
    const claim = (node: Store, id: string) =>
      node.transaction(async (tx) => {
        await tx.imports.lockSteps();
        const running = (await tx.imports.listImports(10)).filter((i) => i.status === 'running');
        await new Promise((r) => setTimeout(r, 300));
        if (running.length > 0) return false;
        await tx.imports.putImport({
          id,
          source: 's',
          createdAt: T0,
          status: 'running',
          doc: '{}',
        });
        return true;
      });
    try {
      const claimed = await Promise.all([claim(store, 'IMP-A'), claim(other, 'IMP-B')]);
      expect(claimed.filter(Boolean)).toHaveLength(1);
      const stored = await store.imports.listImports(10);
      expect(stored.map((i) => i.status)).toEqual(['running']);
    } finally {
      await other.close();
    }
  });

  it('closes after the open transaction committed, then refuses calls', async () => {
    const s = await openPgStore(db.url, REGIONS, { poolSize: 2 });
    let closed = false;
    const tx = s.transaction(async (t) => {
      await t.insertProblem(problem('CLOSE'), null);
      await new Promise((r) => setTimeout(r, 150));
      expect(closed).toBe(false);
      await t.insertEvent({
        id: 'CLOSE-E',
        problemId: 'CLOSE',
        kind: 'reported',
        stage: 'reported',
        tier: null,
        rating: null,
        at: T0,
      });
      return 'done';
    });
    await new Promise((r) => setTimeout(r, 30));
    const closing = s.close().then(() => (closed = true));
    await expect(tx).resolves.toBe('done');
    await closing;
    expect(await store.getProblem('CLOSE')).toEqual(problem('CLOSE'));
    await expect(s.getProblem('CLOSE')).rejects.toThrow();
    await expect(s.transaction(async () => 1)).rejects.toThrow(/closed/);
  });
});

describe('PostgreSQL migrations and start-up', () => {
  it('applies each file once when two nodes migrate a fresh database together', async () => {
    const fresh = await createTestDatabase();
    const pools = [0, 1].map(() => quiet(new pg.Pool({ connectionString: fresh.url, max: 1 })));
    try {
      const [a, b] = await Promise.all(pools.map((p) => migrate(p)));
      const files = readdirSync(new URL('../../server/store/pg/migrations/', import.meta.url));
      const all = files.map((f) => Number(f.slice(0, 3))).sort();
      // Each file once, by whichever node took its turn first.
      expect([...a!, ...b!].sort()).toEqual(all);
      const rows = await pools[0]!.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.rows.map((r) => r.version)).toEqual(all);
      expect(await migrate(pools[1]!)).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await fresh.drop();
    }
  });

  it('rebuilds the roll-ups when the region tree changed, and marks them stale without one', async () => {
    const fresh = await createTestDatabase();
    try {
      const bare = await openPgStore(fresh.url);
      // A write in a savepoint that rolls back leaves nothing to mark stale.
      await bare.transaction((tx) =>
        tx
          .transaction(async (sp) => {
            await sp.insertPartyReport({ id: 'PR0', regionId: 'G1', at: T0 });
            throw new Error('undone');
          })
          .catch(() => undefined),
      );
      expect(await bare.getMeta('rollups_fingerprint')).toBeUndefined();
      await bare.insertProblem(problem('R1'), null);
      await bare.insertPartyReport({ id: 'PR1', regionId: 'G2', at: T0 });
      expect(await bare.getMeta('rollups_fingerprint')).toBe('stale');
      expect(await rollupsOf(bare)).toEqual([]);
      await bare.close();
      await expect(bare.getProblem('R1')).rejects.toThrow();

      const s = await openPgStore(fresh.url, REGIONS);
      const lite = openSqliteSync(':memory:', REGIONS);
      lite.insertProblem(problem('R1'), null);
      lite.insertPartyReport({ id: 'PR1', regionId: 'G2', at: T0 });
      expect(await rollupsOf(s)).toEqual(sqliteRollupsOf(lite));
      expect(await s.getMeta('rollups_fingerprint')).toBe(REGIONS.fingerprint);
      lite.close();
      await s.close();
    } finally {
      await fresh.drop();
    }
  });
});
