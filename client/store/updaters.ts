// The table { [event]: updater }. Every updater is pure: (state, payload) => state. The live module
// and the components only ever dispatch one of these names; nothing else writes the state.
import { mergeEvents } from '@shared/event-window';
import type {
  Delta,
  GeoBundle,
  LiveEvent,
  MapMetric,
  RegionRef,
  ScopeView,
  Snapshot,
} from '@shared/protocol';
import type { Annotation, SceneLayer } from './scene-vocabulary';
import { HEAT_MAX, type LinkStatus, type ScreenState } from './screen-state';

/** What a tour or briefing scene sets in one go (one render, one re-subscribe). */
export interface ScenePayload {
  scope: RegionRef;
  metric: MapMetric;
  layers: SceneLayer[];
  hiddenPanels: string[];
  annotations: Annotation[];
}

export function sameScope(a: RegionRef, b: RegionRef): boolean {
  return a.level === b.level && a.id === b.id;
}

/** New reports from a delta onto the heat points, each problem once. Snapshots add nothing: their
 * recent events are already in the server's 30-day list (heatBase), and the tour changes scope
 * (a new snapshot) every 10–20 s, which would stack the same reports into false hot spots. */
function addHeat(s: ScreenState, events: LiveEvent[]): ScreenState {
  const fresh = events.filter((e) => e.kind === 'reported' && !s.heatIds.has(e.problemId));
  if (fresh.length === 0) return s;
  const heatIds = new Set(s.heatIds);
  for (const e of fresh) heatIds.add(e.problemId);
  return {
    ...s,
    heat: [...fresh.map((e) => e.position), ...s.heat].slice(0, HEAT_MAX),
    heatIds,
  };
}

export const updaters = {
  geo: (s: ScreenState, geo: GeoBundle): ScreenState => {
    const district = geo.regions.features.find((f) => f.properties.level === 'district');
    const scope =
      s.scope.id === '' && district
        ? { level: 'district' as const, id: district.properties.id }
        : s.scope;
    return { ...s, geo, scope };
  },

  /** Drill-down / breadcrumb: the live module sees the new scope and re-subscribes. */
  scope: (s: ScreenState, scope: RegionRef): ScreenState =>
    sameScope(s.scope, scope) ? s : { ...s, scope },

  snapshot: (s: ScreenState, snap: Snapshot): ScreenState => {
    // An answer for a scope we already left (fast clicking) must not overwrite the panels.
    if (s.scope.id !== '' && !sameScope(snap.view.scope, s.scope)) return s;
    if (s.frozenAt !== null) {
      // Briefing: the live figures go to the shadow; the wall keeps its frozen ones. A scope
      // with no frozen view yet takes this one, so a panel is never blank.
      const keep = s.view !== null && sameScope(s.view.scope, s.scope);
      return {
        ...s,
        view: keep ? s.view : snap.view,
        seq: snap.seq,
        needsResync: false,
        shadow: { view: snap.view, asOf: snap.asOf },
      };
    }
    return {
      ...s,
      view: snap.view,
      seq: snap.seq,
      asOf: snap.asOf,
      needsResync: false,
    };
  },

  delta: (s: ScreenState, d: Delta): ScreenState => {
    const frozen = s.frozenAt !== null;
    const v = frozen ? (s.shadow?.view ?? null) : s.view;
    if (!v || !sameScope(d.scope, v.scope) || !sameScope(d.scope, s.scope)) return s;
    if (d.seq <= s.seq) return s; // already applied (duplicate or replay)
    if (d.seq !== s.seq + 1) return s.needsResync ? s : { ...s, needsResync: true };
    if (s.needsResync) return s; // wait for the resync snapshot rather than patch a stale view
    const view = {
      ...v,
      windows: d.windows ?? v.windows,
      current: d.current ?? v.current,
      figures: d.figures ?? v.figures,
      trend: d.trend ?? v.trend,
      ...(d.unplaced ? { unplaced: d.unplaced } : {}),
      regions: d.regions ? { ...v.regions, ...d.regions } : v.regions,
      recentEvents:
        d.events && d.events.length > 0 ? mergeEvents(d.events, v.recentEvents) : v.recentEvents,
    };
    if (frozen) return { ...s, seq: d.seq, shadow: { view, asOf: d.asOf } };
    const next = { ...s, view, seq: d.seq, asOf: d.asOf };
    return d.events ? addHeat(next, d.events) : next;
  },

  /** Briefing starts: what is on the wall now stays; the badge says when it is from. */
  freeze: (s: ScreenState, frozenAt: string): ScreenState =>
    s.frozenAt === frozenAt
      ? s
      : {
          ...s,
          frozenAt,
          asOf: frozenAt,
          shadow: s.shadow ?? { view: s.view, asOf: s.asOf },
        },

  /** A figure set taken at the briefing's start for the scope now shown (ignored otherwise). */
  frozenView: (s: ScreenState, view: ScopeView): ScreenState =>
    s.frozenAt === null || !sameScope(view.scope, s.scope) || s.view === view ? s : { ...s, view },

  /** Back to live figures, taken from the shadow that kept following the deltas. */
  unfreeze: (s: ScreenState, _: null): ScreenState =>
    s.frozenAt === null
      ? s
      : {
          ...s,
          frozenAt: null,
          view: s.shadow?.view ?? s.view,
          asOf: s.shadow?.asOf ?? s.asOf,
          shadow: null,
        },

  /** A tour or briefing scene: focus, metric, layers, hidden panels and callouts together. */
  scene: (s: ScreenState, p: ScenePayload): ScreenState => ({
    ...s,
    scope: sameScope(s.scope, p.scope) ? s.scope : p.scope,
    metric: p.metric,
    sceneLayers: p.layers,
    // The page's own switches follow, so arcs and heat obey the scene on any map version.
    showArcs: p.layers.includes('arcs'),
    showHeatmap: p.layers.includes('heatmap'),
    hiddenPanels: p.hiddenPanels,
    annotations: p.annotations,
  }),

  /** The live module asked for a resync; don't ask again until its answer lands. */
  resyncRequested: (s: ScreenState, _: null): ScreenState => ({ ...s, needsResync: false }),

  /** The last 30 days from the server (newest first); live reports are added on top. It holds
   * every report so far, so the ids of the ones added live start over. */
  heatBase: (s: ScreenState, points: Array<[number, number]>): ScreenState => ({
    ...s,
    heat: points.slice(0, HEAT_MAX),
    heatIds: new Set(),
  }),

  status: (s: ScreenState, status: LinkStatus): ScreenState =>
    s.status === status ? s : { ...s, status },

  metric: (s: ScreenState, metric: MapMetric): ScreenState => ({ ...s, metric }),

  toggleHeatmap: (s: ScreenState, _: null): ScreenState => ({ ...s, showHeatmap: !s.showHeatmap }),

  toggleArcs: (s: ScreenState, _: null): ScreenState => ({ ...s, showArcs: !s.showArcs }),
} as const;

export type Updaters = typeof updaters;
export type EventName = keyof Updaters;
export type PayloadOf<K extends EventName> = Parameters<Updaters[K]>[1];

/** Apply one named event; what the store's dispatch and the unit tests both call. */
export function reduce<K extends EventName>(
  s: ScreenState,
  event: K,
  payload: PayloadOf<K>,
): ScreenState {
  const fn = updaters[event] as (s: ScreenState, p: PayloadOf<K>) => ScreenState;
  return fn(s, payload);
}
