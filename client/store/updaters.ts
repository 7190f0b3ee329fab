// The table { [event]: updater }. Every updater is pure: (state, payload) => state. The live module
// and the components only ever dispatch one of these names; nothing else writes the state.
import { RECENT_EVENTS_MAX } from '@shared/protocol';
import type { Delta, GeoBundle, LiveEvent, MapMetric, RegionRef, Snapshot } from '@shared/protocol';
import { HEAT_MAX, type LinkStatus, type ScreenState } from './screen-state';

export function sameScope(a: RegionRef, b: RegionRef): boolean {
  return a.level === b.level && a.id === b.id;
}

/** New events first, no id twice (a delta applied twice is harmless), cut to the protocol max. */
export function mergeEvents(fresh: LiveEvent[], old: LiveEvent[]): LiveEvent[] {
  const seen = new Set<string>();
  const out: LiveEvent[] = [];
  for (const e of [...fresh, ...old]) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
    if (out.length >= RECENT_EVENTS_MAX) break;
  }
  return out;
}

function addHeat(heat: Array<[number, number]>, events: LiveEvent[]): Array<[number, number]> {
  const pts = events.filter((e) => e.kind === 'reported').map((e) => e.position);
  if (pts.length === 0) return heat;
  return [...pts, ...heat].slice(0, HEAT_MAX);
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
    return {
      ...s,
      view: snap.view,
      seq: snap.seq,
      asOf: snap.asOf,
      needsResync: false,
      heat: addHeat(s.heat, snap.view.recentEvents),
    };
  },

  delta: (s: ScreenState, d: Delta): ScreenState => {
    const v = s.view;
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
      regions: d.regions ? { ...v.regions, ...d.regions } : v.regions,
      recentEvents:
        d.events && d.events.length > 0 ? mergeEvents(d.events, v.recentEvents) : v.recentEvents,
    };
    return {
      ...s,
      view,
      seq: d.seq,
      asOf: d.asOf,
      heat: d.events ? addHeat(s.heat, d.events) : s.heat,
    };
  },

  /** The live module asked for a resync; don't ask again until its answer lands. */
  resyncRequested: (s: ScreenState, _: null): ScreenState => ({ ...s, needsResync: false }),

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
