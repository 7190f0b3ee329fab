// Builds what a screen sees for one scope, and the delta between two such views. Deltas replace
// keys whole, so a client that applies them in order ends up equal to a fresh snapshot.
import { RECENT_EVENTS_MAX } from '../../shared/protocol';
import type {
  CurrentMetrics,
  Delta,
  LiveEvent,
  RegionBrief,
  RegionRef,
  ScopeView,
} from '../../shared/protocol';
import { mergeEvents } from '../../shared/event-window';
import { currentIn, type Aggregator } from '../aggregate/aggregator';
import type { LiveFeed } from '../ingest/live-feed';

export function scopeKey(s: RegionRef): string {
  return `${s.level}:${s.id}`;
}

/**
 * `currentAll` is the open and overdue counts of every region: one pass over the open problems,
 * which a flush computes once for all its rooms instead of once per room (at a city's size the
 * open set is tens of thousands and the rooms a hundred).
 */
export function buildView(
  scope: RegionRef,
  agg: Aggregator,
  feed: LiveFeed,
  regions: Record<string, RegionBrief>,
  currentAll: ReadonlyMap<string, CurrentMetrics> = agg.currentAll(),
  windows: ScopeView['windows'] = agg.windows(scope.id),
): ScopeView {
  return {
    scope,
    windows,
    current: currentIn(currentAll, scope.id),
    figures: agg.index.figures(scope.id),
    trend: agg.trend(scope.id),
    regions,
    ...(scope.level === 'community' ? { unplaced: agg.unplacedBrief(scope.id, currentAll) } : {}),
    recentEvents: feed.recent(scope, agg.index.districtId, RECENT_EVENTS_MAX),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The delta that turns `prev` into `next` (the scalar parts), plus the changed region briefs and
 * the new events; null when nothing changed. Returns the view the client will hold afterwards.
 */
export function diffView(
  prev: ScopeView,
  next: Omit<ScopeView, 'recentEvents' | 'regions'>,
  changedRegions: Record<string, RegionBrief>,
  allRegions: Record<string, RegionBrief>,
  events: LiveEvent[],
): { delta: Omit<Delta, 'seq' | 'asOf'>; view: ScopeView } | null {
  const delta: Omit<Delta, 'seq' | 'asOf'> = { scope: prev.scope };
  if (!same(prev.windows, next.windows)) delta.windows = next.windows;
  if (!same(prev.current, next.current)) delta.current = next.current;
  if (!same(prev.figures, next.figures)) delta.figures = next.figures;
  if (!same(prev.trend, next.trend)) delta.trend = next.trend;
  if (next.unplaced && !same(prev.unplaced, next.unplaced)) delta.unplaced = next.unplaced;
  if (Object.keys(changedRegions).length > 0) delta.regions = changedRegions;
  if (events.length > 0) delta.events = events;
  // Only the scope itself: nothing changed, nothing to send.
  if (Object.keys(delta).length === 1) return null;
  return {
    delta,
    view: {
      ...prev,
      windows: delta.windows ?? prev.windows,
      current: delta.current ?? prev.current,
      figures: delta.figures ?? prev.figures,
      trend: delta.trend ?? prev.trend,
      ...(next.unplaced ? { unplaced: next.unplaced } : {}),
      regions: allRegions,
      recentEvents: events.length > 0 ? mergeEvents(events, prev.recentEvents) : prev.recentEvents,
    },
  };
}

export function changedBriefs(
  prev: Record<string, RegionBrief>,
  next: Record<string, RegionBrief>,
): Record<string, RegionBrief> {
  const out: Record<string, RegionBrief> = {};
  for (const [id, b] of Object.entries(next)) if (!same(prev[id], b)) out[id] = b;
  return out;
}
