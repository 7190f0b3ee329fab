// The two canvases: deck.gl on top, driving the camera, with maplibre (react-map-gl) underneath
// as its child for the base style. Mounted once per WebGL generation (see use-context-loss.ts);
// everything else arrives as props. It re-renders on every animation frame while pulses run, so
// everything heavy is built by the parent and passed in memoised: here only the pulse layers are
// new per frame.
import { memo, useCallback, useLayoutEffect, useMemo } from 'react';
import { DeckGL } from '@deck.gl/react';
import type { Layer, MapViewState, PickingInfo } from '@deck.gl/core';
import type { StyleSpecification } from 'maplibre-gl';
import type { LiveEvent, RegionRef } from '@shared/protocol';
import { BaseMap } from './BaseMap';
import { frameEnd, frameStart } from './frame-stats';
import type { HoverStore } from './hover-store';
import { liveLayers } from './layers';
import { usePulses } from './use-pulses';
import type { LayerFlags } from './visible-layers';

export interface MapCanvasProps {
  camera: MapViewState;
  mapStyle: StyleSpecification;
  base: Layer[];
  labels: Layer[];
  events: LiveEvent[] | undefined;
  eventScope: RegionRef | undefined;
  flags: LayerFlags;
  uiScale: number;
  hover: HoverStore;
  onZoom: (zoom: number) => void;
  onPick: (info: PickingInfo) => void;
  onGlError: () => void;
}

const CONTROLLER = { doubleClickZoom: false, dragRotate: false, touchRotate: false } as const;

export const MapCanvas = memo(function MapCanvas(p: MapCanvasProps) {
  frameStart();
  const frame = usePulses(p.events, p.eventScope);
  const live = useMemo(
    () => liveLayers(frame.buf.pulses, frame.now, p.flags, p.uiScale),
    [frame, p.flags, p.uiScale],
  );
  const layers = useMemo(() => [...p.base, ...live, ...p.labels], [p.base, live, p.labels]);
  // Runs after DeckGL's own layout effect has redrawn: the span is this frame's JS cost.
  useLayoutEffect(() => frameEnd());

  const { hover, onZoom, onPick, onGlError } = p;
  const onHover = useCallback(
    (info: PickingInfo) =>
      hover.set(
        info.object && info.layer
          ? { x: info.x, y: info.y, layerId: info.layer.id, object: info.object }
          : null,
      ),
    [hover],
  );
  // Returns nothing: deck.gl then keeps the view state it proposed (as returning it would). The
  // view state is typed for any view deck.gl may hold; ours is a map view, which has a zoom.
  const onViewStateChange = useCallback(
    ({ viewState }: { viewState: object }) => {
      if ('zoom' in viewState && typeof viewState.zoom === 'number') onZoom(viewState.zoom);
    },
    [onZoom],
  );
  const onError = useCallback(
    (error: Error) => {
      // A lost context is recovered by remounting; anything else is a real bug and must show.
      if (/context/i.test(error.message)) onGlError();
      else console.error(error);
    },
    [onGlError],
  );

  return (
    <DeckGL
      initialViewState={p.camera}
      controller={CONTROLLER}
      layers={layers}
      onViewStateChange={onViewStateChange}
      onHover={onHover}
      onClick={onPick}
      onError={onError}
      pickingRadius={4}
      getCursor={({ isHovering, isDragging }) =>
        isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'
      }
    >
      <BaseMap mapStyle={p.mapStyle} />
    </DeckGL>
  );
});
