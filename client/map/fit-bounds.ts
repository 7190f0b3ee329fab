// Where the camera goes for a region: fit its bounds into the map's size. Pure, so the fly-to on
// every scope change (click, breadcrumb, ranking, tour) is unit-tested without a browser.
import { WebMercatorViewport } from '@math.gl/web-mercator';
import type { Bounds } from './region-index';

export interface CameraTarget {
  longitude: number;
  latitude: number;
  zoom: number;
}

/** Padding that keeps a region clear of the map's edges and of the legend, at any resolution. */
export function paddingFor(width: number, height: number): number {
  return Math.round(Math.max(24, Math.min(width, height) * 0.08));
}

export function fitRegion(
  bounds: Bounds,
  width: number,
  height: number,
  opts: { padding?: number; maxZoom?: number } = {},
): CameraTarget {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const maxZoom = opts.maxZoom ?? 17;
  // fitBounds throws when the padding leaves no room; shrink it for tiny containers instead.
  const padding = Math.min(opts.padding ?? paddingFor(w, h), Math.floor((Math.min(w, h) - 2) / 2));
  const [[west, south], [east, north]] = bounds;
  if (west === east && south === north) return { longitude: west, latitude: south, zoom: maxZoom };
  const vp = new WebMercatorViewport({ width: w, height: h }).fitBounds(bounds, {
    padding: Math.max(0, padding),
    maxZoom,
  });
  return { longitude: vp.longitude, latitude: vp.latitude, zoom: vp.zoom };
}
