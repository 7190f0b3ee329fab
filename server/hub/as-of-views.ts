// Views of a scope as the store stood at an earlier moment: a briefing's frozen figures. Every
// window of a briefing asks for the same moment, whenever it joins (a wall reloaded mid-briefing,
// a presenter who opened second, a server restarted in between), and gets the same numbers,
// because they are counted from the durable store rather than caught from a live stream.
import type { RegionRef, Snapshot } from '../../shared/protocol';
import { FEED_MAX, LiveFeed, toLiveEvent } from '../ingest/live-feed';
import { freezeAt } from '../aggregate/as-of-layer';
import type { Aggregator } from '../aggregate/aggregator';
import type { RegionIndex } from '../aggregate/region-index';
import type { Store } from '../store/records';
import type { RegionBrief } from '../../shared/protocol';
import { localIso } from '../metrics/time';
import { buildView } from './scope-view';
import { publicEvents, type PositionPolicy } from './public-position';

interface Counted {
  agg: Aggregator;
  release(): void;
  feed: LiveFeed;
  briefs: Record<string, RegionBrief>;
}

/** Each held moment follows the live writes to stay frozen: keep the few moments briefings use. */
const KEEP = 3;
/** Moments of running briefings are kept beyond KEEP, up to this many (memory stays bounded). */
const MAX_HELD = 8;

/**
 * Only a presenter's briefing start (or an admin) creates a moment (`hold`); everyone else reads
 * one that is held. `pinned` names the moments running briefings still show.
 */
export function createAsOfViews(
  store: Store,
  live: Aggregator,
  now: () => number,
  pinned: () => number[] = () => [],
) {
  const index: RegionIndex = live.index;
  /** Held moments; a moment is held from the call that asks for it, counted when it resolves. */
  const counted = new Map<number, Promise<Counted>>();
  const drop = (at: number) => {
    void counted.get(at)?.then(
      (c) => c.release(),
      () => undefined,
    );
    counted.delete(at);
  };

  function evict(fresh: number): void {
    const keep = new Set([...pinned(), fresh]);
    for (const at of [...counted.keys()]) {
      if (counted.size <= KEEP) return;
      if (!keep.has(at) || counted.size > MAX_HELD) drop(at);
    }
  }

  async function counting(at: number): Promise<Counted> {
    const { agg, release } = await freezeAt(live, store, at);
    const feed = new LiveFeed();
    for (const ev of store.recentEvents(FEED_MAX, at).reverse()) {
      const p = store.getProblem(ev.problemId);
      if (p) feed.push(toLiveEvent(ev, p, index));
    }
    return { agg, release, feed, briefs: agg.briefs() };
  }

  function count(at: number): Promise<Counted> {
    const hit = counted.get(at);
    if (hit) {
      counted.delete(at); // re-insert: the Map's order is the eviction order
      counted.set(at, hit);
      return hit;
    }
    const c = counting(at);
    counted.set(at, c);
    // A failed count is not held: the next ask counts again.
    c.catch(() => counted.get(at) === c && counted.delete(at));
    evict(at);
    return c;
  }

  return {
    /** Whether `at` is counted already (asking for it again costs nothing). */
    has: (at: number): boolean => counted.has(at),
    /** Counts `at` now if it is not held (a presenter's start, an admin's request). */
    hold(at: number): void {
      void count(at).catch(() => undefined);
    },
    /** The moments held, oldest first (ISO, local time). */
    moments: (): string[] => [...counted.keys()].sort((a, b) => a - b).map((t) => localIso(t)),
    /** The scope as it stood at `at` (epoch ms, not in the future); null for an unknown scope. */
    async snapshot(
      scope: RegionRef,
      at: number,
      positions: PositionPolicy,
    ): Promise<Snapshot | null> {
      if (index.regions.get(scope.id)?.level !== scope.level) return null;
      const c = await count(at);
      const v = buildView(scope, c.agg, c.feed, c.briefs);
      const view = { ...v, recentEvents: publicEvents(v.recentEvents, positions, index) };
      return { seq: 0, asOf: localIso(at), view };
    },
  };
}
export type AsOfViews = ReturnType<typeof createAsOfViews>;
