// The map at the centre of the screen. Contract: `export function MapView()`, no props, fills its
// positioned parent, root element data-testid="map" containing the canvases, and everything it
// shows comes from the store (geo, view, scope, metric, heat, layer switches or scene layers), so a breadcrumb, a
// ranking click, the tour or the briefing presenter move it just by changing the state.
// Never remounted on a 24/7 page: only a real WebGL context loss remounts the canvases.
import { useMemo, useRef, useState } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import type { RegionInfo } from '@shared/protocol';
import { useScreen, store } from '../store/store';
import { createHoverStore } from './hover-store';
import type { BaseInput } from './layers';
import { REGION_LAYER_IDS } from './layers/region-layer';
import { Legend } from './Legend';
import { fillLevel } from './lod';
import { MapCanvas } from './MapCanvas';
import { mapStyle } from './map-style';
import { regionIndex } from './region-index';
import { TooltipHost } from './TooltipHost';
import { useCamera, useCameraTarget } from './use-camera';
import { useContextLoss } from './use-context-loss';
import { useMapLayers } from './use-map-layers';
import { uiScaleFromRem, useSize } from './use-size';
import { useRem } from '../screen/fit-context';
import { useI18n } from '../i18n/i18n-context';
import { layerFlags, sameFlags, type LayerFlags } from './visible-layers';
import { BACKGROUND } from './theme';

export function MapView() {
  const rootRef = useRef<HTMLDivElement>(null);
  const size = useSize(rootRef);
  const { generation, onGlError } = useContextLoss(rootRef);
  const { geo, view, scope, metric, heat, flags, captioned } = useMapState();
  const uiScale = uiScaleFromRem(useRem());
  const index = geo ? regionIndex(geo) : null;
  const [hover] = useState(createHoverStore);

  const { lang } = useI18n();
  const target = useCameraTarget(geo, index, scope.id, size, captioned, lang);
  const { camera, zoom, onZoom } = useCamera(target, scope);
  // Level of detail follows the zoom.
  const level = fillLevel(scope.level, zoom ?? target?.zoom ?? 0, target?.zoom ?? 0);

  const input = useMemo(
    (): BaseInput | null =>
      geo ? { geo, view, scope, metric, level, heat, flags, uiScale } : null,
    [geo, view, scope, metric, level, heat, flags, uiScale],
  );
  const { base, labels, scale, synthetic } = useMapLayers(input, index, generation);
  const style = useMemo(
    () => mapStyle(geo, uiScale, { level, scope: { level: scope.level, id: scope.id } }),
    [geo, uiScale, level, scope.level, scope.id],
  );

  return (
    <div
      ref={rootRef}
      data-testid="map"
      data-gl-generation={generation}
      data-map-level={level}
      style={{ position: 'absolute', inset: 0, overflow: 'hidden', background: BACKGROUND }}
    >
      {camera && input && (
        <MapCanvas
          key={generation}
          camera={camera}
          mapStyle={style}
          base={base}
          labels={labels}
          events={view?.recentEvents}
          eventScope={view?.scope}
          flags={flags}
          uiScale={uiScale}
          hover={hover}
          onZoom={onZoom}
          onPick={pickRegion}
          onGlError={onGlError}
        />
      )}
      {scale && flags.regions && (
        <Legend
          scale={scale}
          metric={metric}
          level={level}
          uiScale={uiScale}
          synthetic={synthetic}
          stations={flags.stations}
          events={flags.events}
        />
      )}
      {size && <TooltipHost hover={hover} view={view} size={size} uiScale={uiScale} />}
    </div>
  );
}

/** What the map shows, from the store. */
function useMapState() {
  const geo = useScreen((s) => s.geo);
  const view = useScreen((s) => s.view);
  const scope = useScreen((s) => s.scope);
  const metric = useScreen((s) => s.metric);
  const heat = useScreen((s) => s.heat);
  const showHeatmap = useScreen((s) => s.showHeatmap);
  const showArcs = useScreen((s) => s.showArcs);
  const sceneLayers = useScreen((s) => s.sceneLayers);
  const flags = useStableFlags(layerFlags({ showHeatmap, showArcs, sceneLayers }));
  return { geo, view, scope, metric, heat, flags, captioned: sceneLayers !== null };
}

/** A click on a street or community drills into it (the store moves the camera). */
function pickRegion(info: PickingInfo): void {
  const id = info.layer?.id;
  if (id !== REGION_LAYER_IDS.fill && id !== REGION_LAYER_IDS.backdrop) return;
  const r = (info.object as { properties?: RegionInfo } | undefined)?.properties;
  if (r && (r.level === 'street' || r.level === 'community'))
    store.dispatch('scope', { level: r.level, id: r.id });
}

/** The previous flags object while the values are equal: each tour scene brings a new layer
 * list, and the layers should only be rebuilt when what is shown changes. */
function useStableFlags(next: LayerFlags): LayerFlags {
  const ref = useRef(next);
  if (!sameFlags(ref.current, next)) ref.current = next;
  return ref.current;
}
