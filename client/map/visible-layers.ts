// What the map shows, read from the store. The scene layer names (store/scene-vocabulary.ts) are the
// vocabulary, so a tour or briefing drives the map by changing state, never the map itself.
// No scene: regions, stations, events and labels are always on; arcs and heat follow the page's
// switches. A scene (state.sceneLayers): only its layers. Arcs and heat still read the switches,
// which the scene updater sets from the same list, so a visitor's toggle during a paused tour
// still works until the next scene.
import type { SceneLayer } from '../store/scene-vocabulary';
import type { ScreenState } from '../store/screen-state';

export type LayerFlags = Readonly<Record<SceneLayer, boolean>>;

export type FlagInput = Pick<ScreenState, 'showHeatmap' | 'showArcs'> &
  Partial<Pick<ScreenState, 'sceneLayers'>>;

export function layerFlags(s: FlagInput): LayerFlags {
  const scene = s.sceneLayers ?? null;
  const on = (l: SceneLayer) => scene === null || scene.includes(l);
  return {
    regions: on('regions'),
    stations: on('stations'),
    events: on('events'),
    arcs: s.showArcs,
    heatmap: s.showHeatmap,
    labels: on('labels'),
  };
}

/** Same flags → same object, so memoised layers are not rebuilt for an equal value. */
export function sameFlags(a: LayerFlags, b: LayerFlags): boolean {
  return (Object.keys(a) as SceneLayer[]).every((k) => a[k] === b[k]);
}
