// Service stations as small glowing dots coloured by kind: a wide faint halo under a bright core
// (two instanced draws of 440 points; static, so built once per bundle and scale).
import { ScatterplotLayer } from '@deck.gl/layers';
import { withAlpha } from '../color-scale';
import type { StationFeature } from '../region-index';
import { STATION_COLORS } from '../theme';

export const STATION_LAYER_IDS = { halo: 'stations-halo', core: 'stations' } as const;

const position = (f: StationFeature) => f.geometry.coordinates as [number, number];
const color = (f: StationFeature) => STATION_COLORS[f.properties.kind];

export function stationLayers(stations: StationFeature[], uiScale: number) {
  return [
    new ScatterplotLayer<StationFeature>({
      id: STATION_LAYER_IDS.halo,
      data: stations,
      getPosition: position,
      getFillColor: (f) => withAlpha(color(f), 45),
      radiusUnits: 'pixels',
      getRadius: 4.5,
      radiusScale: uiScale,
      antialiasing: true,
    }),
    new ScatterplotLayer<StationFeature>({
      id: STATION_LAYER_IDS.core,
      data: stations,
      getPosition: position,
      getFillColor: color,
      radiusUnits: 'pixels',
      getRadius: 1.8,
      radiusScale: uiScale,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 255],
    }),
  ];
}
