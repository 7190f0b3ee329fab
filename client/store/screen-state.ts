// The screen's whole state. One object, replaced (never mutated) by the updaters in updaters.ts,
// so React can compare by reference and tests can compare by value.
import type { GeoBundle, MapMetric, RegionRef, ScopeView } from '@shared/protocol';

export type LinkStatus = 'connecting' | 'live' | 'reconnecting';

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
  /** Positions of problems reported lately, for the heatmap (ring buffer, newest first). */
  heat: Array<[number, number]>;
}

export const HEAT_MAX = 600;

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
  };
}
