// The maplibre base style, built from the GeoBundle: no tiles, no glyphs, no sprite, no URL at
// all (exhibition halls have no internet). Deep navy ground, the rest of Chengdu dim, the district
// with a glowing edge (blurred strokes: no post-processing), and every region border.
// Borders live HERE, not in deck.gl, on purpose: maplibre repaints only when the camera moves,
// while deck.gl repaints on every pulse frame and every delta; the borders are the costliest
// thing to draw (thousands of path segments: 230 ms a frame under SwiftShader).
import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import type { GeoBundle, RegionLevel, RegionRef } from '@shared/protocol';
import { BACKGROUND, CONTEXT_FILL, CONTEXT_LINE, DISTRICT_FILL, GLOW, GLOW_CORE } from './theme';

/** `uiScale` widens the strokes on a 4K wall so the glow reads the same as on a 1080p panel. */
export interface BorderState {
  /** The level whose borders are drawn (the level of detail the fills show). */
  level: RegionLevel;
  scope: RegionRef;
}

export function mapStyle(
  geo: GeoBundle | null,
  uiScale = 1,
  borders: BorderState = { level: 'street', scope: { level: 'district', id: '' } },
): StyleSpecification {
  const px = (n: number) => n * uiScale;
  const district = geo?.regions.features.filter((f) => f.properties.level === 'district') ?? [];
  const style: StyleSpecification = {
    version: 8,
    name: 'screen-local',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
  };
  if (!geo) return style;
  style.sources = {
    context: { type: 'geojson', data: geo.context as FeatureCollection },
    district: {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: district } as FeatureCollection,
    },
    regions: { type: 'geojson', data: geo.regions as FeatureCollection },
  };
  const { level, scope } = borders;
  style.layers.push(
    {
      id: 'context-fill',
      type: 'fill',
      source: 'context',
      paint: { 'fill-color': CONTEXT_FILL, 'fill-opacity': 0.85 },
    },
    {
      id: 'context-line',
      type: 'line',
      source: 'context',
      paint: { 'line-color': CONTEXT_LINE, 'line-width': px(1) },
    },
    {
      id: 'district-fill',
      type: 'fill',
      source: 'district',
      paint: { 'fill-color': DISTRICT_FILL, 'fill-opacity': 0.95 },
    },
    {
      id: 'region-lines',
      type: 'line',
      source: 'regions',
      filter: ['==', ['get', 'level'], level],
      paint: { 'line-color': 'rgba(120, 200, 255, 0.45)', 'line-width': px(0.8) },
    },
    {
      id: 'street-lines',
      type: 'line',
      source: 'regions',
      filter: ['==', ['get', 'level'], 'street'],
      paint: { 'line-color': 'rgba(130, 210, 255, 0.7)', 'line-width': px(1.2) },
    },
    {
      id: 'district-glow-wide',
      type: 'line',
      source: 'district',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': GLOW,
        'line-width': px(22),
        'line-blur': px(18),
        'line-opacity': 0.35,
      },
    },
    {
      id: 'district-glow',
      type: 'line',
      source: 'district',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': GLOW, 'line-width': px(7), 'line-blur': px(5), 'line-opacity': 0.7 },
    },
    {
      id: 'district-edge',
      type: 'line',
      source: 'district',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': GLOW_CORE, 'line-width': px(1.6) },
    },
    {
      id: 'scope-glow',
      type: 'line',
      source: 'regions',
      filter: ['==', ['get', 'id'], scope.level === 'district' ? '' : scope.id],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': GLOW, 'line-width': px(9), 'line-blur': px(6), 'line-opacity': 0.8 },
    },
    {
      id: 'scope-edge',
      type: 'line',
      source: 'regions',
      filter: ['==', ['get', 'id'], scope.level === 'district' ? '' : scope.id],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': GLOW_CORE, 'line-width': px(2) },
    },
  );
  return style;
}
