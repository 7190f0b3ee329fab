// maplibre-gl 6 cannot find its worker once bundled ("Worker failed to load"): point it at the
// worker file Vite emits next to the bundle (served by our own server; no CDN). Importing the
// module here, once, and handing it to react-map-gl as `mapLib` keeps that setting on the same
// module instance the map is created from.
import * as maplibre from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibre.setWorkerUrl(workerUrl);

type SetStyleOptions = Parameters<maplibre.Map['setStyle']>[1];

/**
 * A map that diffs a new style only against a style it has parsed (maplibre's own `_loaded`: the
 * JSON read, which happens a frame after the map is made; not the tiles). Right after a WebGL
 * context loss remounts the map, a tour's next scene can hand react-map-gl a new style before
 * that frame: maplibre then refuses the diff with a console warning and rebuilds from scratch.
 * Deciding here, when the style is set, asks for that rebuild outright; deciding at render (the
 * `styleDiffing` prop) was too early, since react-map-gl makes the map asynchronously and applies
 * the props it rendered before the map existed.
 */
class ParsedDiffMap extends maplibre.Map {
  override setStyle(style: StyleSpecification | string | null, options?: SetStyleOptions): this {
    const parsed = this.style?._loaded === true;
    return super.setStyle(style, parsed ? options : { ...options, diff: false });
  }
}

export const maplibregl = { ...maplibre, Map: ParsedDiffMap };
