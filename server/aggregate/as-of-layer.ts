// The figures as they stood at an earlier moment T (a briefing's freeze), from the live figures
// and only what changed after T: a layer over the live day buckets that takes back every problem
// and activity touched after T and adds the problem as it stood at T (as-of.ts). Its cost follows
// the activity since T, not the size of the history, and both are read in pages with the event
// loop free in between. Writes that arrive meanwhile or later are taken back as they come (the layer
// listens to the live aggregator), so its figures stay those of T.
// Days the live figures no longer hold (older than any window reaches now) come from the roll-ups.
import { Aggregator, reachFrom, type AggregatorListener } from './aggregator';
import { addBucket, emptyBucket, type DayBucket } from './day-bucket';
import { contributeActivity, contributeProblem } from './contribution';
import { lastAt, problemAsOf } from './as-of';
import type { ActivityRecord, ProblemRecord, Store } from '../store/records';
import type { ResponseTier } from '../../shared/protocol';

export interface FrozenLayer {
  agg: Aggregator;
  /** Stops following the live figures (the moment is no longer held). */
  release: () => void;
}

/**
 * Rows read per page of "changed after T" before the event loop gets a turn: a page of problems
 * costs ≈ 10 ms of one core here (query and correction), so the loop stays free well within 50 ms
 * on a loaded machine.
 */
const PAGE = 250;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function freezeAt(
  live: Aggregator,
  store: Store,
  at: number,
  pause: () => Promise<void> = turn,
  pageRows = PAGE,
): Promise<FrozenLayer> {
  const index = live.index;
  const agg = new Aggregator(index, () => at);
  const reachAt = reachFrom(at);
  agg.layerOver(live, live.reach());
  /**
   * Reads `read`, then hands its result to `use` before the store runs anything else (a read-only
   * transaction's after-commit step): no write's effect can fall between what a page saw and what
   * the listener below is told.
   */
  const inStep = <T>(read: (tx: Store) => Promise<T>, use: (r: T) => void) =>
    store.transaction(read, use);
  let tiers = new Map<string, ResponseTier>();
  /**
   * Problems whose state at the start is accounted for. A problem is corrected once, from the
   * state it had when the freeze began: read from a page, or handed over by the listener when a
   * write changes it first (the page that meets it later skips it).
   */
  let corrected: Set<string> | null = new Set<string>();
  const correct = (p: ProblemRecord) => {
    if (!corrected || corrected.has(p.id)) return;
    corrected.add(p.id);
    const moved = lastAt(p) > at || tiers.has(p.id);
    const then = moved ? problemAsOf(p, at, tiers.get(p.id)) : p;
    if (moved) {
      const lineage = index.lineage(p.placeId);
      contributeProblem(lineage, p, -1, agg.bucket);
      if (then) contributeProblem(lineage, then, 1, agg.bucket);
    }
    if (then && then.closedAt === null) agg.setOpen(then);
  };

  /** Takes back what live gains (sign 1); gives back what live loses to a purge (sign -1). */
  const activity = (a: ActivityRecord, bucket: typeof agg.bucket, sign: 1 | -1 = 1) =>
    contributeActivity(index.lineage(a.record.regionId), a, sign === 1 ? -1 : 1, bucket);
  const activityKey = (a: ActivityRecord) => `${a.kind}:${a.record.id}`;
  /**
   * Activity written while its pages are read: not in the store at the start, so the listener
   * takes it back, and a page that meets it later skips it. (Activity rows never change.)
   */
  let written: Set<string> | null = new Set<string>();

  // From now on, take back what the live figures gain, on the days read through from them.
  const scratch = emptyBucket();
  const visible = (id: string, day: number): DayBucket =>
    day >= agg.baseFrom ? agg.bucket(id, day) : scratch;
  let release = () => {};
  const listener: AggregatorListener = {
    problem(prev, next) {
      if (prev) correct(prev);
      else if (next) corrected?.add(next.id); // new: nothing of it stood at the start
      if (next) contributeProblem(index.lineage(next.placeId), next, -1, visible);
      if (prev) contributeProblem(index.lineage(prev.placeId), prev, 1, visible);
    },
    activity(a, sign) {
      if (sign === 1) written?.add(activityKey(a));
      activity(a, visible, sign);
    },
    pruning(keepFrom, dropped) {
      for (const [id, days] of dropped)
        for (const [day, b] of days)
          if (day >= agg.baseFrom && day >= reachAt) addBucket(agg.bucket(id, day), b);
      agg.baseFrom = Math.max(agg.baseFrom, keepFrom);
    },
  };
  // The moment's tiers (and, rarely — a moment before the year turned — its days the live figures
  // no longer hold), then the listener, with no write in between.
  await inStep(
    async (tx) => {
      if (reachAt < agg.baseFrom)
        await tx.eachRollup(reachAt, agg.baseFrom - 1, (id, day, b) => agg.loadBucket(id, day, b));
      return tx.tiersAt(at);
    },
    (t) => {
      tiers = t;
      release = live.listen(listener);
    },
  );

  try {
    // Activity dated after T, taken back a page at a time.
    for (const kind of ['volunteer', 'party', 'visit'] as const)
      for (let after: number[] | null = null; ;) {
        const page = await inStep(
          (tx) => tx.activityAfter(kind, at, after, pageRows),
          (pg) => {
            for (const a of pg.rows) if (!written!.has(activityKey(a))) activity(a, agg.bucket);
          },
        );
        if (page.rows.length < pageRows) break;
        after = page.next;
        await pause();
      }
    written = null;
    for (let after: number[] | null = null; ;) {
      const page = await inStep(
        (tx) => tx.problemsChangedAfter(at, after, pageRows),
        (pg) => pg.rows.forEach(correct),
      );
      if (page.rows.length < pageRows) break;
      after = page.next;
      await pause();
    }
    const escalated = [...tiers.keys()];
    for (let i = 0; i < escalated.length; i += pageRows) {
      const ids = escalated.slice(i, i + pageRows);
      await inStep(
        async (tx) => {
          const rows: ProblemRecord[] = [];
          for (const id of ids) {
            const p = await tx.getProblem(id);
            if (p) rows.push(p);
          }
          return rows;
        },
        (rows) => rows.forEach(correct),
      );
    }
    agg.copyOpen(live, at, corrected);
  } catch (err) {
    release();
    throw err;
  }
  corrected = null; // every problem's start is accounted for: later writes need only the take-back
  agg.takeDirty();
  return { agg, release };
}
