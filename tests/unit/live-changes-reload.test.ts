// LiveChanges across loads and reloads, for every interleaving: changes commit in one order
// (each with its transaction's id), reach the node after any delay and in any order, and loads
// of the figures (the start, then reloads) read the store at a snapshot taken anywhere while they
// run. Once everything has arrived, the node's figures must be those of every change applied
// once, in commit order: what a recount of the store gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Aggregator } from '../../server/aggregate/aggregator';
import { LiveFeed } from '../../server/ingest/live-feed';
import { LiveChanges } from '../../server/cluster/live-changes';
import type { Change } from '../../server/cluster/change';
import type { ProblemRecord } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';
import { regionTree } from '../fixtures/region-tree';

const NOW = Date.parse('2026-11-20T12:00:00+08:00');
const H = 3600_000;
const PARENT: Record<string, string> = {
  G1: 'C1',
  G2: 'C1',
  G3: 'C2',
  C1: 'S1',
  C2: 'S1',
  S1: 'D1',
};
const { regions: REGIONS, index } = regionTree(PARENT, 'D1');

/** The next workflow step, or null when the problem has none left. */
function step(p: ProblemRecord, at: number): ProblemRecord | null {
  switch (p.stage) {
    case 'reported':
      return { ...p, stage: 'called', calledAt: at };
    case 'called':
      return { ...p, stage: 'responding', tier: 'grid', respondedAt: at };
    case 'responding':
      return { ...p, stage: 'handled', handledAt: at };
    case 'handled':
      return { ...p, stage: 'closed', closedAt: at };
    case 'closed':
      return p.rating ? null : { ...p, rating: 'satisfied', ratedAt: at };
  }
}

const figures = (agg: Aggregator) => ({
  briefs: agg.briefs(),
  windows: REGIONS.map((id) => agg.windows(id)),
  current: [...agg.currentAll()].sort(([a], [b]) => a.localeCompare(b)),
});

/** The store after the first `k` commits, counted afresh. */
function recount(changes: Change[], k: number): Aggregator {
  const agg = new Aggregator(index, () => NOW);
  for (const c of changes.slice(0, k))
    if (c.kind === 'activity') agg.activity(c.activity, c.sign);
    else agg.applyProblem(c.prev ?? undefined, c.next!);
  return agg;
}

const BASE = 2n ** 53n; // ids past a Number's exact range

/**
 * The snapshot of a read after the first `k` commits, as PostgreSQL reports it: the transactions
 * not yet committed are running (they all began: their ids are below xmax).
 */
function snapshotAfter(xids: bigint[], k: number): string {
  const running = xids.slice(k).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const xmax = xids.reduce((m, x) => (x > m ? x : m), BASE) + 1n;
  return `${running[0] ?? xmax}:${xmax}:${running.join(',')}`;
}

const op = fc.record({
  what: fc.constantFrom('create', 'step', 'step', 'step', 'activity'),
  pick: fc.nat(1000),
  grid: fc.constantFrom('G1', 'G2', 'G3'),
  hours: fc.integer({ min: 0, max: 40 }),
  delay: fc.integer({ min: 1, max: 60 }),
});
/** A load: starts `gap` after the last one ended, reads at +`read`, swaps in at +`swap` more. */
const load = fc.record({
  gap: fc.integer({ min: 0, max: 80 }),
  read: fc.integer({ min: 0, max: 40 }),
  swap: fc.integer({ min: 0, max: 120 }),
});

describe('LiveChanges across loads and reloads', () => {
  it('ends with the recount of every change, whatever the timing', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.array(load, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        (ops, loads, order) => {
          // The commits, in order: commit i at time 10·i; ids given at begin, in another order.
          const changes: Change[] = [];
          const state = new Map<string, ProblemRecord>();
          const xids = ops.map((_, i) => BASE + BigInt(order[i]! % 97) * 64n + BigInt(i));
          ops.forEach((o, i) => {
            const xid = String(xids[i]);
            const at = NOW - o.hours * H;
            // Steps mostly of the last two problems: steps of one problem then often arrive
            // out of their order, and within one reload.
            const live = [...state.values()].slice(o.pick % 4 === 0 ? 0 : -2);
            const next = o.what === 'step' && live.length > 0 ? live[o.pick % live.length]! : null;
            const moved = next && step(next, Math.max(at, NOW - 41 * H + i));
            if (o.what === 'activity') {
              const activity = {
                kind: 'volunteer' as const,
                record: { id: `v${i}`, regionId: o.grid, tenths: 1 + (o.pick % 30), at },
              };
              changes.push({ kind: 'activity', activity, sign: 1, xid });
            } else if (next && moved) {
              state.set(next.id, moved);
              changes.push({ kind: 'problem', prev: next, next: moved, event: null, xid });
            } else {
              const p = problemRecord({
                id: `p${i}`,
                placeId: o.grid,
                reportedAt: at,
                dueAt: at + 48 * H,
              });
              state.set(p.id, p);
              changes.push({ kind: 'problem', prev: null, next: p, event: null, xid });
            }
          });
          const committedBy = (t: number) => changes.filter((_, i) => 10 * i < t).length;

          // Events on one timeline: a delivery at commit + delay (a local change: at once, as
          // its after-commit step), a load's start, its read, its swap.
          type Ev =
            | { t: number; kind: 'deliver'; c: Change }
            | { t: number; kind: 'start' }
            | { t: number; kind: 'swap'; k: number };
          const evs: Ev[] = ops.map((o, i) => ({
            t: 10 * i + o.delay,
            kind: 'deliver',
            c: JSON.parse(JSON.stringify(changes[i])) as Change,
          }));
          let t = 0;
          const [first, ...reloads] = loads;
          // The start-up load reads at `first.read`; the feed delivers everything from before it.
          const startAt = first!.gap + first!.read + 0.5;
          for (const l of reloads) {
            const begin = Math.max(t, startAt) + l.gap + 0.5;
            const readAt = begin + l.read;
            t = readAt + l.swap;
            evs.push({ t: begin, kind: 'start' }, { t, kind: 'swap', k: committedBy(readAt) });
          }
          // Stable: at one instant, deliveries before a load's steps, then in the order pushed.
          evs.sort((a, b) => a.t - b.t);

          const k0 = committedBy(startAt);
          const node = new LiveChanges(
            recount(changes, k0),
            new LiveFeed(),
            () => null,
            snapshotAfter(xids, k0),
          );
          node.publishTo(() => {});
          const live = (node as unknown as { agg: Aggregator }).agg;
          for (const e of evs) {
            if (e.kind === 'deliver') node.apply(e.c);
            else if (e.kind === 'start') node.reloading();
            else node.reloaded(recount(changes, e.k), snapshotAfter(xids, e.k));
          }
          expect(figures(live)).toEqual(figures(recount(changes, changes.length)));
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it('puts back the open state of the newest step when two steps came in reversed during a reload', () => {
    const p = problemRecord({ id: 'p1', placeId: 'G1', reportedAt: NOW - 3 * H, dueAt: NOW + H });
    const handled = { ...p, stage: 'handled' as const, handledAt: NOW - 2 * H };
    const closed = { ...handled, stage: 'closed' as const, closedAt: NOW - H };
    const load = (k: number) => recount(changes, k);
    const changes: Change[] = [
      { kind: 'problem', prev: null, next: p, event: null, xid: '10' },
      { kind: 'problem', prev: p, next: handled, event: null, xid: '11' },
      { kind: 'problem', prev: handled, next: closed, event: null, xid: '12' },
    ];
    const node = new LiveChanges(load(1), new LiveFeed(), () => null, '11:11:');
    node.publishTo(() => {});
    node.reloading();
    node.apply(changes[2]!); // the close overtook the step before it
    node.apply(changes[1]!);
    node.reloaded(load(1), '11:13:11,12');
    const live = (node as unknown as { agg: Aggregator }).agg;
    expect(live.current('D1').open).toBe(0);
    expect(figures(live)).toEqual(figures(load(3)));
  });
});
