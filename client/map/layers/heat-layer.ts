// Where problems were reported lately (state.heat, newest first, ≤ HEAT_MAX points), as a
// hexagon density grid. Not deck.gl's HeatmapLayer: with deck.gl 9.4 / luma.gl 9.4 it logs
// "Binding weightsTexture not set: Not found in shader layout" (under SwiftShader), and the
// screen must keep a clean console. Aggregated on the CPU (no GPU read-back): up to HEAT_MAX
// (15,000) points, rebinned only when the point list changes.
import { HexagonLayer } from '@deck.gl/aggregation-layers';

export const HEAT_LAYER_ID = 'problem-heat';
/** Hexagon radius in metres: about a compound (小区) or two. */
export const HEAT_RADIUS_M = 260;

// Navy → cyan → amber → red: reads on the dark base and matches the metric palette's warm end.
export const HEAT_COLORS: Array<[number, number, number]> = [
  [0, 110, 190],
  [0, 170, 230],
  [40, 220, 200],
  [250, 215, 70],
  [255, 145, 50],
  [255, 70, 80],
];

export function heatLayer(heat: Array<[number, number]>) {
  return new HexagonLayer<[number, number]>({
    id: HEAT_LAYER_ID,
    data: heat,
    getPosition: (p) => p,
    radius: HEAT_RADIUS_M,
    coverage: 0.88,
    extruded: false,
    gpuAggregation: false,
    colorRange: HEAT_COLORS,
    opacity: 0.55,
    pickable: false,
  });
}
