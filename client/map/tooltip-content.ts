// What the hover card says about a picked object. Pure and plain strings: the card renders them
// as React text nodes, so a name or title carrying markup is shown as text, never parsed.
import type { LiveEvent, RegionInfo, ScopeView, StationInfo } from '@shared/protocol';
import type { Strings } from '../i18n/strings';
import { clock, int, pct } from '../util/format';
import { REGION_LAYER_IDS } from './layers/region-layer';
import { STATION_LAYER_IDS } from './layers/station-layer';
import { PULSE_LAYER_IDS } from './layers/pulse-layer';

export interface TooltipContent {
  title: string;
  subtitle: string;
  rows: Array<[label: string, value: string]>;
}

export function regionTooltip(r: RegionInfo, view: ScopeView | null, t: Strings): TooltipContent {
  const b = view?.regions[r.id];
  return {
    title: r.name,
    subtitle: t.regionKind(r),
    rows: b
      ? [
          [t.closureRate, `${pct(b.closureRate)}%`],
          [t.satisfactionRate, `${pct(b.satisfactionRate)}%`],
          [t.open, int(b.open)],
          [t.overdue, int(b.overdue)],
          [t.reported, int(b.reported)],
          [t.solvedShort, int(b.solved)],
        ]
      : [[t.noData, '']],
  };
}

export function stationTooltip(s: StationInfo, t: Strings): TooltipContent {
  return { title: s.name, subtitle: t.station[s.kind], rows: [['', s.hours]] };
}

export function eventTooltip(e: LiveEvent, t: Strings): TooltipContent {
  return {
    title: t.category[e.category],
    subtitle: `${t.eventKind[e.kind]} · ${clock(e.at)}`,
    rows: [['', e.place]],
  };
}

/** The card for a deck.gl pick, by layer id; null for layers without a card. */
export function tooltipFor(
  layerId: string | undefined,
  /** What deck.gl picked: its type follows from the layer id, checked below. */
  object: unknown,
  view: ScopeView | null,
  t: Strings,
): TooltipContent | null {
  if (!object || !layerId) return null;
  if (layerId === REGION_LAYER_IDS.fill || layerId === REGION_LAYER_IDS.backdrop)
    return regionTooltip((object as { properties: RegionInfo }).properties, view, t);
  if (layerId === STATION_LAYER_IDS.core)
    return stationTooltip((object as { properties: StationInfo }).properties, t);
  if (layerId === PULSE_LAYER_IDS.dots) return eventTooltip(object as LiveEvent, t);
  return null;
}
