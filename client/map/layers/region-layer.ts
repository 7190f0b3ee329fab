// Region polygons: the regions of the current level of detail filled by the metric, and (when
// drilled in) the district's streets as a faint clickable backdrop. Pure: same input → same ids,
// data references and triggers.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { MapMetric, RegionInfo, RegionLevel, RegionRef, ScopeView } from '@shared/protocol';
import { metricValue, scaleFor, withAlpha, type ColorScale } from '../color-scale';
import type { RegionFeature, RegionIndex } from '../region-index';

export const REGION_LAYER_IDS = { backdrop: 'region-backdrop', fill: 'region-fill' } as const;

export const FILL_ALPHA = 72;

export interface RegionLayerInput {
  index: RegionIndex;
  view: ScopeView | null;
  scope: RegionRef;
  metric: MapMetric;
  level: RegionLevel;
}

type F = Feature<Geometry, RegionInfo>;
const asFeatures = (list: RegionFeature[]) => list as unknown as F[];

/** Where the filled regions come from: inside the scope (a grid scope shows its siblings). */
export function fillParent(index: RegionIndex, scope: RegionRef): string | null {
  if (scope.level === 'grid') return index.byId.get(scope.id)?.properties.parentId ?? null;
  return scope.id || null;
}

export function fillFeatures(input: RegionLayerInput): RegionFeature[] {
  return input.index.features(input.level, fillParent(input.index, input.scope));
}

/** The scale the fill uses, from the values in view (the legend calls this too). */
export function fillScale(input: RegionLayerInput): ColorScale {
  const regions = input.view?.regions ?? {};
  const values = fillFeatures(input).map((f) =>
    metricValue(regions[f.properties.id], input.metric),
  );
  return scaleFor(input.metric, values);
}

export function regionLayers(input: RegionLayerInput) {
  const { index, view, scope, metric } = input;
  const regions = view?.regions ?? {};
  const scale = fillScale(input);
  const colorOf = (f: F) => scale.colorOf(metricValue(regions[f.properties.id], metric));
  const breaks = scale.classes.map((c) => c.min).join();

  // Borders are drawn by maplibre (map-style.ts): these layers are fills only, which keeps a
  // deck.gl frame cheap enough to repaint for every pulse.
  const fill = new GeoJsonLayer<RegionInfo>({
    id: REGION_LAYER_IDS.fill,
    data: asFeatures(fillFeatures(input)),
    filled: true,
    stroked: false,
    getFillColor: (f: F) => withAlpha(colorOf(f), FILL_ALPHA),
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 50],
    // Recolour (cheap) when a delta changes the briefs or the metric switches; the polygons are
    // only re-tessellated when `data` (level or scope) changes. No colour transition: deck.gl
    // implements it with a synchronous GPU read-back, a stall on every delta.
    updateTriggers: { getFillColor: [metric, regions, breaks] },
  });
  if (scope.level === 'district') return [fill];

  // Outside the scope, the district's streets stay clickable (jump to a neighbour) and faintly
  // tinted so the scope reads as the lit part of the map.
  const backdrop = new GeoJsonLayer<RegionInfo>({
    id: REGION_LAYER_IDS.backdrop,
    data: asFeatures(index.features('street', null)),
    filled: true,
    stroked: false,
    getFillColor: [18, 58, 110, 50],
    pickable: true,
  });
  return [backdrop, fill];
}
