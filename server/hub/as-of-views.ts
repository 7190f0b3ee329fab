// Views of a scope as the store stood at an earlier moment: a briefing's frozen figures. Every
// window of a briefing asks for the same moment, whenever it joins (a wall reloaded mid-briefing,
// a presenter who opened second, a server restarted in between), and gets the same numbers,
// because they are counted from the durable store rather than caught from a live stream.
// A moment's figures never change once counted, so region briefs (and a scope's windows) are
// counted when a scope first needs them and kept: a district view needs its 104 streets and
// communities, not the 1,205 grids (which cost a read of their stored days each). The work is
// done in slices with the event loop free in between, so a briefing start never stalls the walls'
// live deltas.
import type { CurrentMetrics, RegionRef, ScopeView, Snapshot } from '../../shared/protocol';
import { FEED_MAX, LiveFeed, toLiveEvent } from '../ingest/live-feed';
import { freezeAt } from '../aggregate/as-of-layer';
import { windowsInSpans } from '../aggregate/windows-in-spans';
import { currentIn, type Aggregator } from '../aggregate/aggregator';
import type { RegionIndex } from '../aggregate/region-index';
import type { Store } from '../store/records';
import type { RegionBrief } from '../../shared/protocol';
import { localIso } from '../metrics/time';
import { buildView } from './scope-view';
import { briefFilter } from './region-briefs';
import { publicEvents, type PositionPolicy } from './public-position';

interface Counted {
  agg: Aggregator;
  release(): void;
  feed: LiveFeed;
  /** Open and overdue per region at the moment (a frozen layer's open set no longer changes). */
  current: Map<string, CurrentMetrics>;
  /** Region briefs counted so far. */
  briefs: Map<string, RegionBrief>;
  /** Each scope's windows, counted when a view of it is first asked for. */
  windows: Map<string, ScopeView['windows']>;
}

/** A moment held from the call that asks for it; counted when `counting` resolves. */
interface Held {
  counting: Promise<Counted>;
  /** Views being built from it: a dropped moment stops following writes once they are done. */
  readers: number;
  dropped: boolean;
}

/** Each held moment follows the live writes to stay frozen: keep the few moments briefings use. */
const KEEP = 3;
/** Moments of running briefings are kept beyond KEEP, up to this many (memory stays bounded). */
const MAX_HELD = 8;
/** Region briefs, or ticker rows, counted before the event loop gets a turn (≈ a few ms each). */
const SLICE = 100;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  const counted = new Map<number, Held>();
  const releaseIfIdle = (h: Held) => {
    if (h.dropped && h.readers === 0)
      void h.counting.then(
        (c) => c.release(),
        () => undefined,
      );
  };
  const drop = (at: number) => {
    const h = counted.get(at);
    counted.delete(at);
    if (h) {
      h.dropped = true;
      releaseIfIdle(h);
    }
  };

  function evict(fresh: number): void {
    const keep = new Set([...pinned(), fresh]);
    for (const at of [...counted.keys()]) {
      if (counted.size <= KEEP) return;
      if (!keep.has(at) || counted.size > MAX_HELD) drop(at);
    }
  }

  /** The ticker as it stood at `at`: its last FEED_MAX events, with their problems' places. */
  async function feedAt(at: number): Promise<LiveFeed> {
    const feed = new LiveFeed();
    const events = (await store.recentEvents(FEED_MAX, at)).reverse();
    for (let i = 0; i < events.length; i++) {
      if (i > 0 && i % SLICE === 0) await turn();
      const p = await store.getProblem(events[i]!.problemId);
      if (p) feed.push(toLiveEvent(events[i]!, p, index));
    }
    return feed;
  }

  async function counting(at: number): Promise<Counted> {
    const { agg, release } = await freezeAt(live, store, at);
    try {
      await turn();
      const feed = await feedAt(at);
      const current = agg.currentAll();
      return { agg, release, feed, current, briefs: new Map(), windows: new Map() };
    } catch (err) {
      release();
      throw err;
    }
  }

  function count(at: number): Held {
    const hit = counted.get(at);
    if (hit) {
      counted.delete(at); // re-insert: the Map's order is the eviction order
      counted.set(at, hit);
      return hit;
    }
    const h: Held = { counting: counting(at), readers: 0, dropped: false };
    counted.set(at, h);
    // A failed count is not held: the next ask counts again.
    h.counting.catch(() => counted.get(at) === h && counted.delete(at));
    evict(at);
    return h;
  }

  /** A scope's windows at the moment, counted once (they no longer change). */
  async function windowsFor(c: Counted, scope: RegionRef): Promise<ScopeView['windows']> {
    const windows = c.windows.get(scope.id) ?? (await windowsInSpans(c.agg, scope.id, turn));
    c.windows.set(scope.id, windows);
    return windows;
  }

  /** The briefs a scope's view carries (the same ones as the live view: region-briefs.ts). */
  async function briefsFor(c: Counted, scope: RegionRef): Promise<Record<string, RegionBrief>> {
    const keep = briefFilter(scope, index);
    const out: Record<string, RegionBrief> = {};
    let fresh = 0;
    for (const id of index.regions.keys()) {
      if (!keep(id)) continue;
      let b = c.briefs.get(id);
      if (!b) {
        if (++fresh % SLICE === 0) await turn();
        b = c.agg.brief(id, currentIn(c.current, id));
        c.briefs.set(id, b);
      }
      out[id] = b;
    }
    if (fresh > 0) await turn();
    return out;
  }

  return {
    /** Whether `at` is counted already (asking for it again costs nothing). */
    has: (at: number): boolean => counted.has(at),
    /** Counts `at` now if it is not held (a presenter's start, an admin's request). */
    hold(at: number): void {
      void count(at).counting.catch(() => undefined);
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
      const h = count(at);
      h.readers += 1;
      try {
        const c = await h.counting;
        const regions = await briefsFor(c, scope);
        const windows = await windowsFor(c, scope);
        const v = buildView(scope, c.agg, c.feed, regions, c.current, windows);
        const view = { ...v, recentEvents: publicEvents(v.recentEvents, positions, index) };
        return { seq: 0, asOf: localIso(at), view };
      } finally {
        h.readers -= 1;
        releaseIfIdle(h);
      }
    },
  };
}
export type AsOfViews = ReturnType<typeof createAsOfViews>;
