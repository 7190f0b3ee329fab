// Where the camera goes for a region: fit its bounds into the map's size. Pure, so the fly-to on
// every scope change (click, breadcrumb, ranking, tour) is unit-tested without a browser.
import { WebMercatorViewport } from '@math.gl/web-mercator';
import type { Bounds } from './region-index';
import type { Lang } from '../i18n/strings';

export interface CameraTarget {
  longitude: number;
  latitude: number;
  zoom: number;
}

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Share of a 16:9 map's width the left padding keeps for the legend (Legend.tsx), per language:
 * most of the Chinese legend (≈ 28 %, text at 14 px for a 5 m read); the English one is wider
 * (station kinds such as "Civilisation station" in two columns, ≈ 33 %) and covered the western
 * subdistrict's name at 26 %.
 */
export const LEGEND_SHARE: Record<Lang, number> = { zh: 0.26, en: 0.32 };

/**
 * Padding that keeps a region clear of the map's edges and of what the page lays over it (the
 * legend bottom-left, breadcrumb top-left, figures on the right, switches at the bottom).
 * The left side keeps most of the legend's width: a wide region moves right of it rather than
 * under it.
 */
export function paddingFor(
  width: number,
  height: number,
  caption = false,
  lang: Lang = 'zh',
): Padding {
  // The scope's figures down the right (ScopeKpis, ≈ 15.3 % of the map at 1080p) and air for a
  // name: at 15 % a district wide enough to fill the width put its eastern subdistrict's name
  // under them.
  const side = Math.round(Math.max(24, width * 0.18));
  const left = Math.round(Math.max(24, width * LEGEND_SHARE[lang]));
  const v = Math.round(Math.max(24, height * 0.09));
  // A tour or briefing scene lays its title (and the frozen stamp) over the map's top: the
  // region it is about, and its highlighted community, must sit below it.
  const top = caption ? Math.round(Math.max(v, height * CAPTION_SHARE)) : v;
  return { top, bottom: Math.round(v * 1.3), left, right: side };
}

/** Share of the map's height the scene caption covers (client/modes/SceneCaption), plus air. */
const CAPTION_SHARE = 0.28;

export function fitRegion(
  bounds: Bounds,
  width: number,
  height: number,
  opts: { padding?: number | Padding; maxZoom?: number } = {},
): CameraTarget {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const maxZoom = opts.maxZoom ?? 17;
  // fitBounds throws when the padding leaves no room; shrink it for tiny containers instead.
  const p = opts.padding ?? paddingFor(w, h);
  const pad = typeof p === 'number' ? { top: p, bottom: p, left: p, right: p } : p;
  const fitX = Math.min(1, (w - 2) / Math.max(1, pad.left + pad.right));
  const fitY = Math.min(1, (h - 2) / Math.max(1, pad.top + pad.bottom));
  const k = (n: number, f: number) => Math.max(0, Math.floor(n * f));
  const padding = {
    top: k(pad.top, fitY),
    bottom: k(pad.bottom, fitY),
    left: k(pad.left, fitX),
    right: k(pad.right, fitX),
  };
  const [[west, south], [east, north]] = bounds;
  if (west === east && south === north) return { longitude: west, latitude: south, zoom: maxZoom };
  const vp = new WebMercatorViewport({ width: w, height: h }).fitBounds(bounds, {
    padding,
    maxZoom,
  });
  return { longitude: vp.longitude, latitude: vp.latitude, zoom: vp.zoom };
}
