// The cross-node change feed on the real Redis (127.0.0.1:6379, or REDIS_URL): two in-process
// nodes, each its own aggregator, ticker and ChangeFeed on one stream (a fresh key per test), must
// end with the figures of one aggregator that saw every change once, in commit order.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { Aggregator } from '../../server/aggregate/aggregator';
import { LiveFeed } from '../../server/ingest/live-feed';
import { LiveChanges } from '../../server/cluster/live-changes';
import { openChangeFeed, type ChangeFeed } from '../../server/cluster/change-feed';
import type { Change } from '../../server/cluster/change';
import type { ActivityRecord, ProblemRecord } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';
import { regionTree } from '../fixtures/region-tree';
import { RESPONSE_TIERS, type LiveEvent } from '../../shared/protocol';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const H = 3600_000;

// Two streets, two communities, four grids: enough for sums over a lineage to differ.
const PARENT: Record<string, string> = {
  G1: 'C1',
  G2: 'C1',
  G3: 'C2',
  G4: 'C2',
  C1: 'S1',
  C2: 'S2',
  S1: 'D1',
  S2: 'D1',
};
const { lineage, regions: REGIONS, index } = regionTree(PARENT, 'D1');
const GRIDS = ['G1', 'G2', 'G3', 'G4'];

const silent = { info() {}, warn() {}, error() {} };
const admin = new Redis(REDIS_URL);
const opened: ChangeFeed[] = [];

interface Node {
  agg: Aggregator;
  feed: LiveFeed;
  changes: LiveChanges;
  cf: ChangeFeed;
  gaps: string[];
  /** performance.now() when each change reached this node's aggregator from another. */
  arrived: Map<string, number>;
}

async function node(stream: string, maxLen?: number): Promise<Node> {
  const agg = new Aggregator(index, () => NOW);
  const feed = new LiveFeed();
  const changes = new LiveChanges(agg, feed);
  const gaps: string[] = [];
  const arrived = new Map<string, number>();
  const cf = openChangeFeed({
    redisUrl: REDIS_URL,
    stream,
    maxLen,
    log: silent,
    onGap: (r) => gaps.push(r),
    apply: (c) => {
      changes.apply(c);
      arrived.set(changeKey(c), performance.now());
    },
  });
  opened.push(cf);
  changes.publishTo(cf.publish);
  await cf.ready;
  return { agg, feed, changes, cf, gaps, arrived };
}

function changeKey(c: Change): string {
  if (c.kind === 'activity') return `a:${c.activity.record.id}:${c.sign}`;
  const p = (c.next ?? c.prev)!;
  return `p:${p.id}:${c.next ? c.next.stage + (c.next.tier ?? '') + (c.next.ratedAt ?? '') : 'x'}`;
}

const ACT: ActivityRecord = { kind: 'party', record: { id: 'r0', regionId: 'G1', at: NOW } };
const streamKey = () => `test:changes:${randomUUID()}`;

async function until(cond: () => boolean, ms = 5_000, what = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting ${what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every figure a screen reads, of every region. */
function figures(agg: Aggregator) {
  return {
    briefs: agg.briefs(),
    windows: REGIONS.map((id) => agg.windows(id)),
    current: [...agg.currentAll()].sort(([a], [b]) => a.localeCompare(b)),
    trend: agg.trend('D1'),
  };
}

function problem(id: string, placeId: string, reportedAt: number): ProblemRecord {
  return problemRecord({
    id,
    placeId,
    reportedAt,
    dueAt: reportedAt + 48 * H,
    description: 'not for the wire',
    reporterName: '张三',
    reporterPhone: '13800000000',
  });
}

/** The problem's next workflow step at `at`, or null when it has none left. */
function step(p: ProblemRecord, at: number, escalate: boolean): ProblemRecord | null {
  switch (p.stage) {
    case 'reported':
      return { ...p, stage: 'called', calledAt: at };
    case 'called':
      return { ...p, stage: 'responding', tier: 'grid', respondedAt: at };
    case 'responding': {
      const up = RESPONSE_TIERS[RESPONSE_TIERS.indexOf(p.tier!) + 1];
      if (escalate && up) return { ...p, tier: up };
      return { ...p, stage: 'handled', handledAt: at };
    }
    case 'handled':
      return { ...p, stage: 'closed', closedAt: at };
    case 'closed':
      return p.rating ? null : { ...p, rating: 'satisfied', ratedAt: at };
  }
}

function event(p: ProblemRecord, at: number): LiveEvent {
  return {
    id: `${p.id}:${p.stage}:${p.tier ?? ''}:${p.rating ?? ''}`,
    kind: p.stage === 'responding' ? 'called' : p.stage,
    problemId: p.id,
    category: p.category,
    source: p.source,
    stage: p.stage,
    streetId: lineage(p.placeId)[2]!,
    communityId: lineage(p.placeId)[1]!,
    gridId: p.placeId,
    place: p.placeId,
    position: p.position,
    at: new Date(at).toISOString(),
  };
}

afterEach(async () => {
  for (const cf of opened.splice(0)) await cf.close();
});
afterAll(async () => {
  const keys = await admin.keys('test:changes:*');
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

describe('change feed across two nodes', () => {
  it("applies A's change on B exactly once, and neither node applies its own", async () => {
    const key = streamKey();
    const [a, b] = [await node(key), await node(key)];
    const p = problem('p1', 'G1', NOW - H);
    a.changes.problem(undefined, p, event(p, p.reportedAt));
    const called = step(p, NOW - H / 2, false)!;
    b.changes.problem(p, called, event(called, NOW - H / 2));
    await until(() => a.cf.stats().applied === 1 && b.cf.stats().applied === 1);
    await new Promise((r) => setTimeout(r, 100));
    for (const n of [a, b]) {
      expect(n.cf.stats()).toMatchObject({ applied: 1, repeats: 0, gaps: 0, held: 0 });
      expect(n.agg.current('D1')).toEqual({ open: 1, overdue: 0 });
      expect(n.agg.window('D1', 'today').reported).toBe(1);
      // The ticker holds both; its order is the order they reached this node.
      expect(
        n.feed
          .since(0)
          .map((e) => e.stage)
          .sort(),
      ).toEqual(['called', 'reported']);
    }
    // Free text and personal data never go to Redis.
    const entries = (await admin.xrange(key, '-', '+')).map(([, f]) => f.join(' '));
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).not.toMatch(/not for the wire|张三|13800000000/);
  });

  it('keeps a problem closed when a step of it arrives after a later one', async () => {
    const key = streamKey();
    const [a, b] = [await node(key), await node(key)];
    let p = problem('p2', 'G2', NOW - 3 * H);
    a.changes.problem(undefined, p);
    for (let i = 0; i < 2; i++) {
      const next = step(p, NOW - 2 * H, false)!;
      a.changes.problem(p, next);
      p = next;
    }
    await until(() => b.cf.stats().applied === 3);
    expect(p.stage).toBe('responding');
    // A commits "handled", then B (reading A's row) "closed"; B's entry reaches the stream first.
    const held: Change[] = [];
    a.changes.publishTo((c) => held.push(c));
    const handled = step(p, NOW - H, false)!;
    a.changes.problem(p, handled);
    const closed = step(handled, NOW - H / 2, false)!;
    b.changes.problem(handled, closed);
    await until(() => a.cf.stats().applied === 1);
    for (const c of held) a.cf.publish(c);
    await until(() => b.cf.stats().applied === 4);
    // B saw closed, then handled: the problem stays closed there.
    for (const n of [a, b]) {
      expect(n.agg.current('D1')).toEqual({ open: 0, overdue: 0 });
      expect(n.agg.window('D1', 'today').solved).toBe(1);
    }
    expect(figures(a.agg)).toEqual(figures(b.agg));
  });

  it('ends with equal figures after a random burst, with out-of-order delivery', async () => {
    // Each op is written by node A or B; A's sends may be held back and released later, so
    // B's later changes of the same problem reach the stream first.
    const op = fc.record({
      writer: fc.constantFrom('a', 'b'),
      what: fc.constantFrom('create', 'step', 'step', 'step', 'escalate', 'remove', 'activity'),
      pick: fc.nat(1000),
      grid: fc.constantFrom(...GRIDS),
      hours: fc.integer({ min: 0, max: 60 }),
      hold: fc.boolean(),
      release: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 80 }), async (ops) => {
        const key = streamKey();
        const [a, b] = [await node(key), await node(key)];
        const reference = new LiveChanges(new Aggregator(index, () => NOW), new LiveFeed());
        const refAgg = (reference as unknown as { agg: Aggregator }).agg;
        // A's held-back sends, released in A's own order.
        let held: Change[] = [];
        a.changes.publishTo((c) => (held.length > 0 || heldBack ? held.push(c) : a.cf.publish(c)));
        let heldBack = false;
        const release = () => {
          for (const c of held) a.cf.publish(c);
          held = [];
        };
        const delivered = () => a.cf.stats().applied === sent.b && b.cf.stats().applied === sent.a;
        /**
         * Deleting a problem and creating it again are told apart by their order only: so they
         * never race with another change of that problem (live-changes.ts says why that holds).
         */
        const quiesce = async () => {
          release();
          await until(delivered);
        };
        const state = new Map<string, ProblemRecord | null>();
        const activities: ActivityRecord[] = [];
        const sent = { a: 0, b: 0 };
        let n = 0;
        for (const o of ops) {
          const w = o.writer === 'a' ? a : b;
          heldBack = o.hold;
          const live = [...state].filter(([, p]) => p).map(([, p]) => p!);
          const at = NOW - o.hours * H;
          const commit = (f: (x: LiveChanges) => void) => {
            f(w.changes);
            f(reference);
            sent[o.writer] += 1;
          };
          if (o.what === 'create' || live.length === 0) {
            // A removed id comes back now and then (an import run again after its undo), but
            // never while a change of its former life is still held back (see live-changes.ts).
            const gone = [...state].filter(([, p]) => !p).map(([id]) => id);
            const again = gone.length > 0 && o.pick % 3 === 0;
            if (again) await quiesce();
            const id = again ? gone[0]! : `p${n++}`;
            const p = problem(id, o.grid, at);
            state.set(id, p);
            commit((x) => x.problem(undefined, p, event(p, at)));
          } else if (o.what === 'remove') {
            await quiesce();
            const p = live[o.pick % live.length]!;
            state.set(p.id, null);
            commit((x) => x.removeProblem(p));
          } else if (o.what === 'activity') {
            if (activities.length > 0 && o.pick % 4 === 0) {
              const act = activities.splice(o.pick % activities.length, 1)[0]!;
              commit((x) => x.activity(act, -1));
            } else {
              const act: ActivityRecord = {
                kind: 'volunteer',
                record: { id: `v${n++}`, regionId: o.grid, tenths: 1 + (o.pick % 30), at },
              };
              activities.push(act);
              commit((x) => x.activity(act));
            }
          } else {
            const p = live[o.pick % live.length]!;
            const next = step(p, Math.max(at, NOW - 61 * H + o.pick), o.what === 'escalate');
            if (next) {
              // A step's time never precedes the one before (the store refuses that).
              const fixed = fixTimes(p, next);
              state.set(p.id, fixed);
              commit((x) => x.problem(p, fixed, event(fixed, NOW)));
            }
          }
          if (o.release) release();
          heldBack = false;
          // Let the event loop deliver some of it between ops.
          if (o.pick % 5 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        release();
        await until(delivered, 5_000, () =>
          JSON.stringify([sent, a.cf.stats(), b.cf.stats(), held.length]),
        );
        expect(figures(a.agg)).toEqual(figures(refAgg));
        expect(figures(b.agg)).toEqual(figures(refAgg));
        for (const x of [a, b]) expect(x.cf.stats()).toMatchObject({ repeats: 0, gaps: 0 });
        const ids = (x: LiveFeed) => new Set(x.since(0).map((e) => e.id));
        expect(ids(a.feed)).toEqual(ids(b.feed));
        for (const cf of opened.splice(0)) await cf.close();
      }),
      { seed: 1515, numRuns: 25, endOnFailure: true },
    );
  });

  it('survives its connections being killed, and catches up', async () => {
    const key = streamKey();
    const [a, b] = [await node(key), await node(key)];
    const p = problem('k0', 'G3', NOW - H);
    a.changes.problem(undefined, p);
    await until(() => b.cf.stats().applied === 1);
    const killed = await killClients(key);
    expect(killed).toBeGreaterThanOrEqual(2);
    // Written while the connections come back: held by A's writer, read late by B.
    for (let i = 1; i <= 50; i++) a.changes.problem(undefined, problem(`k${i}`, 'G4', NOW - H));
    await until(() => b.cf.stats().applied === 51, 15_000);
    await killClients(key);
    b.changes.activity({ kind: 'party', record: { id: 'r1', regionId: 'C2', at: NOW - H } });
    await until(() => a.cf.stats().applied === 1, 15_000);
    expect(figures(a.agg)).toEqual(figures(b.agg));
    expect(b.agg.current('D1').open).toBe(51);
    expect(b.cf.stats()).toMatchObject({ repeats: 0, gaps: 0 });
    expect(b.gaps).toEqual([]);
  });

  it("says so when a node's changes went missing, or Redis lost the stream", async () => {
    const key = streamKey();
    const b = await node(key);
    const raw = (s: number, c: Change) =>
      admin.xadd(key, '*', 'n', 'node-x', 's', String(s), 'c', JSON.stringify(c));
    const act = (id: string): Change => ({
      kind: 'activity',
      activity: { kind: 'party', record: { id, regionId: 'G1', at: NOW } },
      sign: 1,
      xid: null,
    });
    await raw(1, act('x1'));
    await raw(1, act('x1')); // a resend after a lost reply: dropped
    await raw(5, act('x5')); // 2..4 were trimmed away before B read them
    await until(() => b.cf.stats().applied === 2);
    expect(b.cf.stats()).toMatchObject({ repeats: 1, gaps: 1 });
    expect(b.gaps).toEqual(['missed 3 change(s) of node node-x']);
    // Redis restarted empty: the stream and its epoch are gone when B reconnects.
    await admin.del(key, `${key}:epoch`);
    await killClients(key);
    await until(() => b.gaps.length === 2, 15_000);
    expect(b.gaps[1]).toMatch(/lost the change stream/);
    await raw(1, act('y1'));
    await until(() => b.cf.stats().applied === 3);
  });

  it('starts, holds its changes and closes while Redis is unreachable', async () => {
    const warned: string[] = [];
    const cf = openChangeFeed({
      redisUrl: 'redis://127.0.0.1:1',
      apply: () => {},
      onGap: () => {},
      log: { info() {}, warn: (...args: unknown[]) => warned.push(String(args[1])), error() {} },
    });
    cf.publish({ kind: 'activity', activity: ACT, sign: 1, xid: null });
    await until(() => warned.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    // Logged once per connection, not once per retry.
    expect(warned).toHaveLength(2);
    expect(cf.stats()).toMatchObject({ published: 0, held: 1 });
    await cf.close();
  });

  it('measures publish → applied latency over 1,000 changes', async () => {
    const key = streamKey();
    const [a, b] = [await node(key), await node(key)];
    const sentAt = new Map<string, number>();
    const send = (i: number) => {
      const p = problem(`l${i}`, GRIDS[i % 4]!, NOW - H);
      sentAt.set(`p:l${i}:reported`, performance.now());
      a.changes.problem(undefined, p, event(p, NOW - H));
    };
    // Paced: one change every 2 ms (≈ 500 writes/s, above what one node commits).
    for (let i = 0; i < 1000; i++) {
      send(i);
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(
      () => b.cf.stats().applied === 1000,
      20_000,
      () => JSON.stringify([a.cf.stats(), b.cf.stats()]),
    );
    const paced = latencies(sentAt, b.arrived);
    // A burst: 1,000 changes in one turn of the event loop (one huge group commit).
    sentAt.clear();
    for (let i = 1000; i < 2000; i++) send(i);
    await until(() => b.cf.stats().applied === 2000, 20_000);
    const burst = latencies(sentAt, b.arrived);
    console.log(
      `change feed latency, publish → applied on the other node, ms: paced p50 ${paced.p50} p99 ${paced.p99} max ${paced.max}; burst of 1000 p50 ${burst.p50} p99 ${burst.p99} max ${burst.max}`,
    );
    // Issue #15's budget for node A's write reaching a screen on node B, with room for a loaded box.
    expect(paced.p99).toBeLessThan(500);
    expect(figures(a.agg)).toEqual(figures(b.agg));
  });
});

function fixTimes(prev: ProblemRecord, next: ProblemRecord): ProblemRecord {
  const floor = Math.max(
    prev.reportedAt,
    prev.calledAt ?? 0,
    prev.respondedAt ?? 0,
    prev.handledAt ?? 0,
    prev.closedAt ?? 0,
  );
  const out = { ...next };
  for (const k of ['calledAt', 'respondedAt', 'handledAt', 'closedAt', 'ratedAt'] as const)
    if (out[k] !== null && prev[k] === null) out[k] = Math.max(out[k], floor);
  return out;
}

function latencies(sentAt: Map<string, number>, arrived: Map<string, number>) {
  const ms = [...sentAt].map(([k, t]) => arrived.get(k)! - t).sort((x, y) => x - y);
  const q = (f: number) =>
    Math.round(ms[Math.min(ms.length - 1, Math.floor(f * ms.length))]! * 10) / 10;
  return { p50: q(0.5), p99: q(0.99), max: q(1) };
}

/** Kills every connection of a change feed on `key` (ids from CLIENT LIST, by name). */
async function killClients(key: string): Promise<number> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((l) => l.includes(`name=changes:${key}`))
    .map((l) => /\bid=(\d+)/.exec(l)![1]!);
  for (const id of ids) await admin.client('KILL', 'ID', id);
  return ids.length;
}
