// maplibre underneath deck.gl, repainted only when the camera or the style really changed.
// deck.gl re-renders its children on every deck render (every pulse frame), and react-map-gl
// compares the incoming camera with maplibre's normalised one, which never matches to the last
// bit: without this memo each pulse frame forced a full synchronous maplibre repaint (measured:
// 1 frame/s under SwiftShader instead of a steady animation).
import { memo, type CSSProperties } from 'react';
import { Map as MapLibreMap } from 'react-map-gl/maplibre';
import type { StyleSpecification } from 'maplibre-gl';
import { maplibregl } from './maplibre-setup';

interface Camera {
  longitude: number;
  latitude: number;
  zoom: number;
  bearing?: number;
  pitch?: number;
}

export interface BaseMapProps {
  mapStyle: StyleSpecification;
  /** Injected by DeckGL for its children (it recognises a map child by its `mapStyle` prop). */
  viewState?: Camera;
  /** Injected by DeckGL: places the map under deck's canvas (z-index −1). */
  style?: CSSProperties;
}

export function sameCamera(a: Camera | undefined, b: Camera | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.longitude === b.longitude &&
    a.latitude === b.latitude &&
    a.zoom === b.zoom &&
    (a.bearing ?? 0) === (b.bearing ?? 0) &&
    (a.pitch ?? 0) === (b.pitch ?? 0)
  );
}

export const BaseMap = memo(
  function BaseMap({ mapStyle, viewState, style }: BaseMapProps) {
    if (!viewState) return null;
    return (
      <MapLibreMap
        mapLib={maplibregl}
        mapStyle={mapStyle}
        style={style}
        longitude={viewState.longitude}
        latitude={viewState.latitude}
        zoom={viewState.zoom}
        bearing={viewState.bearing ?? 0}
        pitch={viewState.pitch ?? 0}
        attributionControl={false}
        // deck.gl owns the camera and input; maplibre only paints the base underneath.
        interactive={false}
      />
    );
  },
  (prev, next) =>
    prev.mapStyle === next.mapStyle &&
    prev.style === next.style &&
    sameCamera(prev.viewState, next.viewState),
);
