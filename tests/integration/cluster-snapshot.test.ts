// A node's figures stay exactly the store's across reloads and at start, on one PostgreSQL
// database and a real Redis (issue #15), with the interleavings that used to break them forced
// in order: a change another node held while Redis was away arriving after a reload that already
// read it; changes committed while a reload reads (held between its read and its swap); another
// node's changes committed between a starting node's load and its feed's first read. "Exactly"
// is a recount: the aggregates built afresh from the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildTestApp, post, type TestApp } from './build-app';
import { createTestDatabase } from './pg-db';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { problemRecord } from '../fixtures/problem-record';
import { Aggregator } from '../../server/aggregate/aggregator';
import { aggregatorFromStore, rollupRegions } from '../../server/aggregate/startup';
import { LiveFeed } from '../../server/ingest/live-feed';
import { LiveChanges } from '../../server/cluster/live-changes';
import {
  CHANGE_STREAM,
  openChangeFeed,
  streamStart,
  type ChangeFeed,
} from '../../server/cluster/change-feed';
import { joinCluster } from '../../server/cluster/join';
import type { Change } from '../../server/cluster/change';
import { openPgStore } from '../../server/store/pg/pg-store';
import type { ProblemRecord, Store } from '../../server/store/records';
import { createServices, type Services } from '../../server/services';

// Database 12: the app's fixed stream key, away from other tests' streams.
const REDIS_URL = `${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}/12`;
const admin = new Redis(REDIS_URL);
const quiet = { info() {}, warn() {}, error() {} };
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestApp;
/** Another node: its own store on the same database, its changes held until a test sends them. */
let other: { store: Store; changes: LiveChanges; cf: ChangeFeed; held: Change[] };

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  await admin.del(CHANGE_STREAM, `${CHANGE_STREAM}:epoch`);
  db = await createTestDatabase();
  t = await buildTestApp({ databaseUrl: db.url, env: { REDIS_URL } });
  await t.app.cluster!.feed.ready;
  const index = t.app.services.index;
  const store = await openPgStore(db.url, rollupRegions(index));
  const changes = new LiveChanges(new Aggregator(index), new LiveFeed(), () =>
    store.committedXid!(),
  );
  const cf = openChangeFeed({ redisUrl: REDIS_URL, apply: () => {}, onGap: () => {}, log: quiet });
  const held: Change[] = [];
  changes.publishTo((c) => held.push(c));
  await cf.ready;
  other = { store, changes, cf, held };
}, 60_000);

afterAll(async () => {
  await other?.cf.close();
  await other?.store.close();
  await t?.close();
  await db?.drop();
  await admin.del(CHANGE_STREAM, `${CHANGE_STREAM}:epoch`);
  await admin.quit();
});

const grid = (k: number) => tinyGridIds()[k % tinyGridIds().length]!;
const fresh = (id: string, k: number) => {
  const now = Date.now();
  return problemRecord({ id, placeId: grid(k), reportedAt: now, dueAt: now + 86_400_000 });
};

/** The other node writes a new problem, or a step of one, and holds the change. */
async function otherWrites(next: ProblemRecord, prev?: ProblemRecord): Promise<Change> {
  const before = other.held.length;
  await other.store.transaction(
    async (tx) => {
      const ev = {
        id: `${next.id}:${next.stage}`,
        problemId: next.id,
        kind: prev ? ('called' as const) : ('reported' as const),
        stage: next.stage,
        tier: next.tier,
        rating: null,
        at: Date.now(),
      };
      if (prev) await tx.updateProblem(next, ev);
      else await tx.insertProblem(next, ev);
    },
    () => other.changes.problem(prev, next),
  );
  expect(other.held).toHaveLength(before + 1);
  return other.held.at(-1)!;
}

/** Sends held changes through Redis and waits until the app has taken them. */
async function send(cs: Change[]): Promise<void> {
  const feed = t.app.cluster!.feed;
  const applied = feed.stats().applied;
  for (const c of cs) other.cf.publish(c);
  await until(() => feed.stats().applied === applied + cs.length);
}

async function expectRecount(s: Services): Promise<void> {
  const recount = (await aggregatorFromStore(s.store, s.index, Date.now)).agg;
  const district = s.index.districtId;
  expect(s.agg.briefs()).toEqual(recount.briefs());
  expect(s.agg.current(district)).toEqual(recount.current(district));
  expect(s.agg.windows(district)).toEqual(recount.windows(district));
}

describe('figures exact across reloads (PostgreSQL snapshots)', () => {
  it('carries the id of the writing transaction on every change', async () => {
    const c = await otherWrites(fresh('xid-1', 0));
    expect(c.xid).toMatch(/^\d+$/);
    await send([c]);
    await expectRecount(t.app.services);
  });

  it('skips a change the reload already read: one another node held while Redis was away', async () => {
    const s = t.app.services;
    const p = fresh('held-1', 1);
    const created = await otherWrites(p);
    const called = await otherWrites({ ...p, stage: 'called', calledAt: Date.now() }, p);
    await s.reload(); // its snapshot sees both
    const skipped = s.changes.skipped;
    await send([created, called]);
    expect(s.changes.skipped).toBe(skipped + 2);
    await expectRecount(s);
  });

  it('keeps the changes committed while a reload reads, local and remote', async () => {
    const s = t.app.services;
    const seenBefore = await otherWrites(fresh('during-0', 2));
    const open = s.agg.current(s.index.districtId).open;
    let during: Change[] = [];
    await s.reload(async () => {
      // Between the read and the swap: committed after the reload's snapshot, applied to the old
      // figures. One of the other node's, one of this node's, and one the snapshot saw.
      const p = fresh('during-1', 3);
      during = [
        await otherWrites(p),
        await otherWrites({ ...p, stage: 'called', calledAt: Date.now() }, p),
      ];
      await send([...during, seenBefore]);
      const r = await post(t.app, '/api/problems', {
        id: 'during-2',
        category: 'safety',
        source: 'patrol',
        gridId: grid(4),
      });
      expect(r.statusCode).toBe(201);
    });
    await expectRecount(s);
    // during-0 counted once, during-1 (called, still open) and during-2 kept.
    expect(s.agg.current(s.index.districtId).open).toBe(open + 3);
    expect(during.every((c) => c.xid !== null)).toBe(true);
  });

  it('misses nothing committed between a starting node’s load and its first read', async () => {
    const from = await streamStart(REDIS_URL);
    expect(from).not.toBeNull();
    // Committed before the load (its snapshot sees it), sent only after: skipped.
    const before = await otherWrites(fresh('start-1', 5));
    const s = await createServices(t.config, t.app.log);
    // Committed after the load, on the stream before the feed reads: applied.
    const after = await otherWrites(fresh('start-2', 6));
    const published = other.cf.stats().published;
    other.cf.publish(before);
    other.cf.publish(after);
    await until(() => other.cf.stats().published === published + 2);
    const cluster = joinCluster(REDIS_URL, s, t.app.log, from);
    try {
      await until(() => cluster.feed.stats().applied === 2);
      expect(s.changes.skipped).toBe(1);
      await expectRecount(s);
    } finally {
      await cluster.close();
      await s.store.close();
    }
  });
});
