// What the map shows, read from the store. The scene layer names (modes/scenes.ts) are the
// vocabulary, so a tour or briefing can drive the map by changing state, never the map itself:
// today heatmap and arcs have switches in the state; when scenes get theirs, only this changes.
import type { SceneLayer } from '../modes/scenes';
import type { ScreenState } from '../store/screen-state';

export type LayerFlags = Readonly<Record<SceneLayer, boolean>>;

export function layerFlags(s: Pick<ScreenState, 'showHeatmap' | 'showArcs'>): LayerFlags {
  return {
    regions: true,
    stations: true,
    events: true,
    arcs: s.showArcs,
    heatmap: s.showHeatmap,
    labels: true,
  };
}

/** Same flags → same object, so memoised layers are not rebuilt for an equal value. */
export function sameFlags(a: LayerFlags, b: LayerFlags): boolean {
  return (Object.keys(a) as SceneLayer[]).every((k) => a[k] === b[k]);
}
