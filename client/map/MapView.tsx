// The map at the centre of the screen. Contract: `export function MapView()`, no props, fills its
// positioned parent, root element data-testid="map" containing the canvases, and everything it
// shows comes from the store (geo, view, scope, metric, heat, layer switches or scene layers), so a breadcrumb, a
// ranking click, the tour or the briefing presenter move it just by changing the state.
// Never remounted on a 24/7 page: only a real WebGL context loss remounts the canvases.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FlyToInterpolator, type MapViewState, type PickingInfo } from '@deck.gl/core';
import type { RegionInfo } from '@shared/protocol';
import { useScreen, store } from '../store/store';
import { fitRegion, paddingFor, type CameraTarget } from './fit-bounds';
import { createHoverStore } from './hover-store';
import { baseLayers, labelLayers, type BaseInput } from './layers';
import { fillFeatures, fillScale, REGION_LAYER_IDS } from './layers/region-layer';
import { Legend } from './Legend';
import { fillLevel } from './lod';
import { MapCanvas } from './MapCanvas';
import { mapStyle } from './map-style';
import { regionIndex, type Bounds } from './region-index';
import { TooltipHost } from './TooltipHost';
import { useContextLoss } from './use-context-loss';
import { uiScaleFromRem, useSize } from './use-size';
import { useRem } from '../screen/fit-context';
import { layerFlags, sameFlags, type LayerFlags } from './visible-layers';
import { BACKGROUND } from './theme';

const FLY_MS = 1600;

export function MapView() {
  const rootRef = useRef<HTMLDivElement>(null);
  const size = useSize(rootRef);
  const { generation, onGlError } = useContextLoss(rootRef);
  const geo = useScreen((s) => s.geo);
  const view = useScreen((s) => s.view);
  const scope = useScreen((s) => s.scope);
  const metric = useScreen((s) => s.metric);
  const heat = useScreen((s) => s.heat);
  const showHeatmap = useScreen((s) => s.showHeatmap);
  const showArcs = useScreen((s) => s.showArcs);
  const sceneLayers = useScreen((s) => s.sceneLayers);
  const flags = useStableFlags(layerFlags({ showHeatmap, showArcs, sceneLayers }));
  const captioned = sceneLayers !== null;
  const uiScale = uiScaleFromRem(useRem());
  const index = geo ? regionIndex(geo) : null;
  const [hover] = useState(createHoverStore);

  // Where the camera should be for the scope, at this size.
  const target = useMemo((): CameraTarget | null => {
    if (!geo || !index || !size || size.width < 2 || size.height < 2) return null;
    const [w, s, e, n] = geo.dataset.bbox;
    const dataset: Bounds = [
      [w, s],
      [e, n],
    ];
    const bounds = (scope.id && index.bounds(scope.id)) || dataset;
    return fitRegion(bounds, size.width, size.height, {
      padding: paddingFor(size.width, size.height, captioned),
    });
  }, [geo, index, scope.id, size, captioned]);

  // Level of detail follows the zoom (quantised so a fly re-renders a few times, not per frame).
  const [zoom, setZoom] = useState<number | null>(null);
  // deck.gl reports view-state changes from inside its own render when a fly-to starts; React
  // forbids updating MapView there ("Cannot update a component while rendering…"), so the zoom
  // lands a microtask later.
  const onZoom = useCallback((z: number) => {
    const rounded = Math.round(z * 5) / 5;
    queueMicrotask(() => setZoom(rounded));
  }, []);

  // Fly when the scope changes (from anywhere); jump when only the size changed.
  const [camera, setCamera] = useState<MapViewState | null>(null);
  const lastScope = useRef<string | null>(null);
  useEffect(() => {
    if (!target) return;
    const key = `${scope.level}:${scope.id}`;
    const fly = lastScope.current !== null && lastScope.current !== key;
    lastScope.current = key;
    setCamera({
      ...target,
      pitch: 0,
      bearing: 0,
      minZoom: Math.max(0, target.zoom - 3),
      maxZoom: 18,
      ...(fly
        ? {
            transitionDuration: FLY_MS,
            transitionInterpolator: new FlyToInterpolator({ speed: 1.6 }),
          }
        : {}),
    });
    setZoom(target.zoom);
  }, [target, scope.level, scope.id]);

  const level = fillLevel(scope.level, zoom ?? target?.zoom ?? 0, target?.zoom ?? 0);

  const input = useMemo(
    (): BaseInput | null =>
      geo ? { geo, view, scope, metric, level, heat, flags, uiScale } : null,
    [geo, view, scope, metric, level, heat, flags, uiScale],
  );
  // Layer instances hold state of the Deck (and WebGL context) that initialised them: a new
  // generation after a context loss needs new instances, or deck asserts on the dead buffers.
  const base = useMemo(() => (input ? baseLayers(input) : []), [input, generation]);
  const labels = useMemo(() => (input ? labelLayers(input) : []), [input, generation]);
  const scale = useMemo(
    () => (input && index ? fillScale({ ...input, index }) : null),
    [input, index],
  );
  const synthetic = useMemo(
    () =>
      input && index
        ? fillFeatures({ ...input, index }).some((f) => f.properties.synthetic)
        : false,
    [input, index],
  );
  const style = useMemo(
    () => mapStyle(geo, uiScale, { level, scope: { level: scope.level, id: scope.id } }),
    [geo, uiScale, level, scope.level, scope.id],
  );

  const onPick = useCallback((info: PickingInfo) => {
    const id = info.layer?.id;
    if (id !== REGION_LAYER_IDS.fill && id !== REGION_LAYER_IDS.backdrop) return;
    const r = (info.object as { properties?: RegionInfo } | undefined)?.properties;
    if (r && (r.level === 'street' || r.level === 'community'))
      store.dispatch('scope', { level: r.level, id: r.id });
  }, []);

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
          onPick={onPick}
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

/** The previous flags object while the values are equal: each tour scene brings a new layer
 * list, and the layers should only be rebuilt when what is shown changes. */
function useStableFlags(next: LayerFlags): LayerFlags {
  const ref = useRef(next);
  if (!sameFlags(ref.current, next)) ref.current = next;
  return ref.current;
}
