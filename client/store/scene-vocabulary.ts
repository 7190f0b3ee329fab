// The words a scene uses that the store also keeps: which layers it shows and the callouts it
// places. They live here, below modes/ and map/, because the store holds them and the store
// imports nothing from above it (modes and map import them from here).
import type { MapMetric } from '@shared/protocol';

export const SCENE_LAYERS = ['regions', 'stations', 'events', 'arcs', 'heatmap', 'labels'] as const;
export type SceneLayer = (typeof SCENE_LAYERS)[number];

export interface Annotation {
  /** Region to highlight and place the callout on. */
  regionId: string;
  text: string;
  textEn?: string;
  /** A figure of that region to show in the callout. */
  figure?: MapMetric | 'reported' | 'solved';
}
