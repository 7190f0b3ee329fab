// The change feed wired into the real app (REDIS_URL set): a write answered by the app goes out on
// the stream, and another node's change shows in the app's snapshot and ticker. The other node is
// an aggregator with its own ChangeFeed in this process (two apps on one SQLite file would not be
// two nodes). Redis database 13 keeps the app's fixed stream key away from other tests' streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { Aggregator } from '../../server/aggregate/aggregator';
import { LiveFeed } from '../../server/ingest/live-feed';
import { LiveChanges } from '../../server/cluster/live-changes';
import { CHANGE_STREAM, openChangeFeed, type ChangeFeed } from '../../server/cluster/change-feed';
import type { ProblemRecord } from '../../server/store/records';
import { aggregatorFromStore } from '../../server/aggregate/startup';
import type { LiveEvent, Snapshot } from '../../shared/protocol';

const REDIS_URL = `${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}/13`;
const admin = new Redis(REDIS_URL);
let t: TestApp;
let other: { changes: LiveChanges; agg: Aggregator; feed: LiveFeed; cf: ChangeFeed };

async function until(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const snapshot = async () =>
  (await t.app.inject({ url: '/api/snapshot?level=district' })).json<Snapshot>().view;

beforeAll(async () => {
  await admin.del(CHANGE_STREAM, `${CHANGE_STREAM}:epoch`);
  t = await buildTestApp({ env: { REDIS_URL } });
  await t.app.cluster!.feed.ready;
  const agg = new Aggregator(t.app.services.index);
  const feed = new LiveFeed();
  const changes = new LiveChanges(agg, feed);
  const cf = openChangeFeed({
    redisUrl: REDIS_URL,
    apply: (c) => changes.apply(c),
    onGap: () => {},
    log: { info() {}, warn() {}, error() {} },
  });
  changes.publishTo(cf.publish);
  await cf.ready;
  other = { changes, agg, feed, cf };
});

afterAll(async () => {
  await other?.cf.close();
  await t?.close();
  await admin.del(CHANGE_STREAM, `${CHANGE_STREAM}:epoch`);
  await admin.quit();
});

describe('the app on the change feed', () => {
  it('sends its committed writes to the other nodes, and shows theirs', async () => {
    const district = t.app.services.index.districtId;
    const grid = tinyGridIds()[0]!;
    const before = await snapshot();
    const r = await post(t.app, '/api/problems', {
      id: 'feed-1',
      category: 'safety',
      source: 'hotline',
      gridId: grid,
      reporter: { name: '张三', phone: '13800000000' },
    });
    expect(r.statusCode).toBe(201);
    await until(() => other.cf.stats().applied === 1);
    expect(other.agg.current(district)).toEqual({ open: 1, overdue: 0 });
    expect(other.feed.since(0).map((e) => e.problemId)).toEqual(['feed-1']);
    const raw = JSON.stringify(await admin.xrange(CHANGE_STREAM, '-', '+'));
    expect(raw).toContain('feed-1');
    expect(raw).not.toMatch(/张三|13800000000/);

    // The other node takes it further and reports one of its own.
    const now = Date.now();
    const stored = (await t.app.services.store.getProblem('feed-1'))!;
    const called: ProblemRecord = { ...stored, stage: 'called', calledAt: now };
    other.changes.problem(stored, called);
    const own: ProblemRecord = {
      ...stored,
      id: 'feed-2',
      reportedAt: now,
      dueAt: now + 86_400_000,
    };
    const event: LiveEvent = {
      id: 'feed-2:reported',
      kind: 'reported',
      problemId: 'feed-2',
      category: own.category,
      source: own.source,
      stage: 'reported',
      streetId: t.app.services.index.lineage(grid)[2]!,
      communityId: t.app.services.index.lineage(grid)[1]!,
      gridId: grid,
      place: t.app.services.index.placeLabel(grid),
      position: own.position,
      at: new Date(now).toISOString(),
    };
    other.changes.problem(undefined, own, event);
    await until(async () => (await snapshot()).current.open === before.current.open + 2);
    const after = await snapshot();
    expect(after.windows.today.reported).toBe(before.windows.today.reported + 2);
    expect(after.recentEvents.map((e) => e.problemId)).toContain('feed-2');
    expect(t.app.cluster!.feed.stats()).toMatchObject({ applied: 2, repeats: 0, gaps: 0 });
  });

  it('reloads its figures from the store when it missed changes of another node', async () => {
    const s = t.app.services;
    const district = s.index.districtId;
    const grid = tinyGridIds()[1]!;
    const now = Date.now();
    // Another node committed this, and its entry never reached this node (trimmed, or dropped
    // while Redis was down): the store holds it, this node's figures do not.
    const stored = (await s.store.getProblem('feed-1'))!;
    await s.store.insertProblem(
      { ...stored, id: 'feed-3', placeId: grid, reportedAt: now, dueAt: now + 86_400_000 },
      null,
    );
    const fresh = async () => (await aggregatorFromStore(s.store, s.index, Date.now)).agg;
    expect(s.agg.briefs()).not.toEqual((await fresh()).briefs());
    const raw = (seq: number) =>
      admin.xadd(
        CHANGE_STREAM,
        '*',
        'n',
        'node-x',
        's',
        String(seq),
        'c',
        JSON.stringify({
          kind: 'activity',
          activity: { kind: 'party', record: { id: `x${seq}`, regionId: grid, at: now } },
          sign: 1,
        }),
      );
    await raw(1);
    await raw(3);
    await until(() => t.app.cluster!.feed.stats().gaps === 1);
    await t.app.cluster!.settled();
    const expected = await fresh();
    expect(s.agg.briefs()).toEqual(expected.briefs());
    expect(s.agg.current(district)).toEqual(expected.current(district));
    expect(s.agg.windows(district)).toEqual(expected.windows(district));
    expect((await snapshot()).current).toEqual(expected.current(district));
  });
});
