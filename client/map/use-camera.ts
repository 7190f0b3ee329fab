// Where the map looks. The target follows the scope and the map's size; the camera flies when the
// scope changes (from anywhere) and jumps when only the size changed. The zoom the user or a fly
// reaches drives the level of detail.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FlyToInterpolator, type MapViewState } from '@deck.gl/core';
import type { GeoBundle, RegionRef } from '@shared/protocol';
import { fitRegion, paddingFor, type CameraTarget } from './fit-bounds';
import type { Bounds, RegionIndex } from './region-index';
import type { Size } from './use-size';
import type { Lang } from '../i18n/strings';

const FLY_MS = 1600;

/** Where the camera should be for the scope, at this size. */
export function useCameraTarget(
  geo: GeoBundle | null,
  index: RegionIndex | null,
  scopeId: string,
  size: Size | null,
  captioned: boolean,
  lang: Lang,
): CameraTarget | null {
  return useMemo((): CameraTarget | null => {
    if (!geo || !index || !size || size.width < 2 || size.height < 2) return null;
    const [w, s, e, n] = geo.dataset.bbox;
    const dataset: Bounds = [
      [w, s],
      [e, n],
    ];
    const bounds = (scopeId && index.bounds(scopeId)) || dataset;
    return fitRegion(bounds, size.width, size.height, {
      padding: paddingFor(size.width, size.height, captioned, lang),
    });
  }, [geo, index, scopeId, size, captioned, lang]);
}

export interface Camera {
  camera: MapViewState | null;
  /** The zoom reached, quantised so a fly re-renders a few times, not per frame. */
  zoom: number | null;
  onZoom: (zoom: number) => void;
}

export function useCamera(target: CameraTarget | null, scope: RegionRef): Camera {
  const [zoom, setZoom] = useState<number | null>(null);
  // deck.gl reports view-state changes from inside its own render when a fly-to starts; React
  // forbids updating MapView there ("Cannot update a component while rendering…"), so the zoom
  // lands a microtask later.
  const onZoom = useCallback((z: number) => {
    const rounded = Math.round(z * 5) / 5;
    queueMicrotask(() => setZoom(rounded));
  }, []);

  const [camera, setCamera] = useState<MapViewState | null>(null);
  const lastScope = useRef<string | null>(null);
  useEffect(() => {
    if (!target) return;
    const key = `${scope.level}:${scope.id}`;
    const fly = lastScope.current !== null && lastScope.current !== key;
    lastScope.current = key;
    setCamera(cameraFor(target, fly));
    setZoom(target.zoom);
  }, [target, scope.level, scope.id]);

  return { camera, zoom, onZoom };
}

function cameraFor(target: CameraTarget, fly: boolean): MapViewState {
  return {
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
  };
}
