// The screen's whole state. One object, replaced (never mutated) by the updaters in updaters.ts,
// so React can compare by reference and tests can compare by value.
import type { GeoBundle, MapMetric, RegionRef, ScopeView } from '@shared/protocol';
import type { Annotation, SceneLayer } from './scene-vocabulary';

/** `unauthorized`: the server wants SCREEN_TOKEN and the page address has none (or a wrong one). */
export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

export interface ScreenState {
  geo: GeoBundle | null;
  /** The scope the screen wants to show (drill-down target); view.scope follows once answered. */
  scope: RegionRef;
  view: ScopeView | null;
  /** Sequence number of the last applied snapshot/delta; -1 before the first snapshot. */
  seq: number;
  asOf: string | null;
  status: LinkStatus;
  /** Set when a delta arrives out of order: the live module asks for a resync and clears it. */
  needsResync: boolean;
  metric: MapMetric;
  showHeatmap: boolean;
  showArcs: boolean;
  /** Where problems were reported in the last 30 days (GET /api/heat), extended by live
   * reports; newest first, for the heat map. */
  heat: Array<[number, number]>;
  /** Problems whose live report is already in `heat` (since the last 30-day list): a report
   * seen twice (replay, scope change) is one point, not two. */
  heatIds: ReadonlySet<string>;
  // ---- presentation modes (client/modes) ----
  /** Briefing: ISO time the figures on the wall are frozen at; null = live figures. */
  frozenAt: string | null;
  /** While frozen, the live view keeps following deltas here, so unfreezing needs no resync. */
  shadow: { view: ScopeView | null; asOf: string | null } | null;
  /** Layers a scene wants on the map; null = the page's own switches (map: visible-layers.ts). */
  sceneLayers: SceneLayer[] | null;
  /** Panel ids (screen/arrange.ts) kept off the wall by the tour or briefing file. */
  hiddenPanels: string[];
  /** Regions the current scene highlights, with their callouts. */
  annotations: Annotation[];
}

/** Room for 30 days of a busy district (the demo has ≈ 160 a day). */
export const HEAT_MAX = 15_000;

export function initialState(): ScreenState {
  return {
    geo: null,
    scope: { level: 'district', id: '' },
    view: null,
    seq: -1,
    asOf: null,
    status: 'connecting',
    needsResync: false,
    metric: 'closureRate',
    showHeatmap: false,
    showArcs: true,
    heat: [],
    heatIds: new Set(),
    frozenAt: null,
    shadow: null,
    sceneLayers: null,
    hiddenPanels: [],
    annotations: [],
  };
}
