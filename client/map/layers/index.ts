// The map's layer stack, in draw order. Two builders: `baseLayers` changes when the data, scope,
// metric or level of detail changes (a few times a second at most); `liveLayers` changes every
// animation frame and holds only the small animated layers. MapCanvas memoises them separately.
import type { Layer } from '@deck.gl/core';
import type { GeoBundle, MapMetric, RegionLevel, RegionRef, ScopeView } from '@shared/protocol';
import type { Pulse } from '../pulse-buffer';
import { regionIndex } from '../region-index';
import type { LayerFlags } from '../visible-layers';
import { arcLayer, arcPulses } from './arc-layer';
import { heatLayer } from './heat-layer';
import { labelLayer } from './label-layer';
import { eventDotLayer, pulseLayers } from './pulse-layer';
import { fillFeatures, regionLayers } from './region-layer';
import { stationLayers } from './station-layer';

export interface BaseInput {
  geo: GeoBundle;
  view: ScopeView | null;
  scope: RegionRef;
  metric: MapMetric;
  level: RegionLevel;
  heat: Array<[number, number]>;
  flags: LayerFlags;
  uiScale: number;
}

/** Below the animated layers: regions, heat, stations, recent-event dots. */
export function baseLayers(input: BaseInput): Layer[] {
  const { geo, view, flags, uiScale } = input;
  const index = regionIndex(geo);
  return [
    ...(flags.regions ? regionLayers({ ...input, index }) : []),
    ...(flags.heatmap && input.heat.length > 0 ? [heatLayer(input.heat)] : []),
    ...(flags.stations ? stationLayers(geo.stations.features, uiScale) : []),
    ...(flags.events && view ? [eventDotLayer(view.recentEvents, uiScale)] : []),
  ];
}

/** Above everything else, so names stay readable over pulses and arcs. */
export function labelLayers(input: BaseInput): Layer[] {
  if (!input.flags.labels) return [];
  const index = regionIndex(input.geo);
  return [labelLayer(index, fillFeatures({ ...input, index }), input.level, input.uiScale)];
}

export function liveLayers(
  pulses: Pulse[],
  now: number,
  flags: LayerFlags,
  uiScale: number,
): Layer[] {
  return [
    ...(flags.arcs ? [arcLayer(arcPulses(pulses), now, uiScale)] : []),
    ...(flags.events ? pulseLayers(pulses, now, uiScale) : []),
  ];
}
