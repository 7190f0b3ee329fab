// Where a scene's annotation sits on the map, in the map's pixels. The map fits the focused
// region with fitRegion() (client/map/fit-bounds.ts); doing the same fit here gives the same
// camera once its fly-to has landed, so the overlay needs no handle on the map's internals.
// Pure: unit-tested without a browser.
import { WebMercatorViewport } from '@math.gl/web-mercator';
import type { GeoBundle } from '@shared/protocol';
import { fitRegion, paddingFor } from '../map/fit-bounds';
import { featureBounds, type Bounds } from '../map/region-index';

type Feature = GeoBundle['regions']['features'][number];

export interface PlacedAnnotation {
  /** SVG path of the region outline in map pixels. */
  path: string;
  /** The region's label point in map pixels (callout anchor). */
  anchor: [number, number];
  /** Outline bounding box in map pixels: [minX, minY, maxX, maxY]. */
  box: [number, number, number, number];
}

function rings(f: Feature): number[][][] {
  const g = f.geometry;
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

export function cameraBounds(geo: GeoBundle, focusId: string): Bounds {
  const f = geo.regions.features.find((x) => x.properties.id === focusId);
  const b = f ? featureBounds(f) : null;
  if (b) return b;
  const [w, s, e, n] = geo.dataset.bbox;
  return [
    [w, s],
    [e, n],
  ];
}

/** Places one region's outline and anchor for a map of width×height focused on `focusId`. */
export function placeRegion(
  geo: GeoBundle,
  focusId: string,
  regionId: string,
  width: number,
  height: number,
): PlacedAnnotation | null {
  const f = geo.regions.features.find((x) => x.properties.id === regionId);
  if (!f || width < 2 || height < 2) return null;
  // The same camera MapView takes in a scene (a caption over the map's top).
  const cam = fitRegion(cameraBounds(geo, focusId), width, height, {
    padding: paddingFor(width, height, true),
  });
  const vp = new WebMercatorViewport({ width, height, ...cam, pitch: 0, bearing: 0 });
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const parts: string[] = [];
  for (const ring of rings(f)) {
    const pts = ring.map((c) => vp.project([c[0]!, c[1]!]));
    if (pts.length < 3) continue;
    for (const [x, y] of pts) {
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
    }
    parts.push(`M${pts.map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`).join('L')}Z`);
  }
  if (parts.length === 0) return null;
  const [ax, ay] = vp.project(f.properties.center);
  return { path: parts.join(''), anchor: [ax!, ay!], box };
}

/** Insets (px) from the map's edges that the page's own overlays occupy. */
export interface Insets {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where the callout card goes: beside the region (right of it when there is room, else left),
 * a little above its label point, and always inside the free part of the map. Returns the card's
 * top-left corner for a card of cardW×cardH.
 */
export function calloutPosition(
  at: Pick<PlacedAnnotation, 'anchor' | 'box'>,
  cardW: number,
  cardH: number,
  width: number,
  height: number,
  free: Insets,
  gap = 32,
): [number, number] {
  const [ax, ay] = at.anchor;
  const minX = free.left;
  const maxX = Math.max(minX, width - free.right - cardW);
  const minY = free.top;
  const maxY = Math.max(minY, height - free.bottom - cardH);
  const rightX = Math.max(ax, at.box[2]) + gap;
  const leftX = Math.min(ax, at.box[0]) - gap - cardW;
  const x = rightX <= maxX ? rightX : leftX >= minX ? leftX : ax + gap;
  const y = ay - cardH * 0.75;
  return [Math.min(Math.max(x, minX), maxX), Math.min(Math.max(y, minY), maxY)];
}
