// Scenes for the two presentation modes. A scene says what the map shows (focus, layers, metric)
// and what the panels show (the focus scope), and how long it stays. Tour and briefing files
// (data/tour.json, data/briefing.json) hold a list of SceneSpec; `each` expands one spec into a
// scene per street so a tour keeps working when a city loads its own district.
import type { MapMetric, RegionInfo, RegionRef } from '@shared/protocol';
import type { Annotation, SceneLayer } from '../store/scene-vocabulary';
import type { ScenePayload } from '../store/updaters';

export interface SceneSpec {
  id?: string;
  title?: string;
  titleEn?: string;
  /** Expand into one scene per region of this level (title taken from the region name). */
  each?: 'street' | 'community';
  /** With `each`: only regions whose id is listed (e.g. model communities). */
  only?: string[];
  focus?: RegionRef;
  metric?: MapMetric;
  layers?: SceneLayer[];
  durationSeconds?: number;
  annotations?: Annotation[];
  /** Panels (client/screen/arrange.ts PANEL_IDS) this scene keeps off the wall. */
  hidePanels?: string[];
  /** Presenter notes: shown on the presenter view only, never on the wall. */
  note?: string;
  noteEn?: string;
}

export interface SceneFile {
  version: 1;
  /** Exhibition: seconds without input after which the tour resumes. */
  idleResumeSeconds?: number;
  /** Panels hidden in every scene of this file (public-safe halls: e.g. the live ticker). */
  hidePanels?: string[];
  /** Briefing: the figures as of this date or date-time instead of the briefing's start. */
  asOf?: string;
  scenes: SceneSpec[];
}

export interface Scene {
  id: string;
  title: string;
  titleEn: string;
  focus: RegionRef;
  metric: MapMetric;
  layers: SceneLayer[];
  durationMs: number;
  annotations: Annotation[];
  /** File-wide and scene hidePanels together. */
  hidePanels: string[];
  note: string;
  noteEn: string;
}

const DEFAULT_LAYERS: SceneLayer[] = ['regions', 'stations', 'events', 'arcs', 'labels'];
const DEFAULT_DURATION_S = 15;

/** Turns a scene file into concrete scenes for the loaded district. Unknown ids are dropped. */
export function expandScenes(file: SceneFile, regions: RegionInfo[]): Scene[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const district = regions.find((r) => r.level === 'district');
  if (!district) return [];
  const out: Scene[] = [];
  file.scenes.forEach((spec, i) => {
    const base = {
      metric: spec.metric ?? 'closureRate',
      layers: spec.layers ?? DEFAULT_LAYERS,
      durationMs: (spec.durationSeconds ?? DEFAULT_DURATION_S) * 1000,
      hidePanels: [...new Set([...(file.hidePanels ?? []), ...(spec.hidePanels ?? [])])],
      note: spec.note ?? '',
      noteEn: spec.noteEn ?? spec.note ?? '',
    };
    if (spec.each) {
      const only = spec.only ? new Set(spec.only) : null;
      for (const r of regions) {
        if (r.level !== spec.each || (only && !only.has(r.id))) continue;
        out.push({
          ...base,
          id: `${spec.id ?? spec.each}-${r.id}`,
          title: spec.title ? `${spec.title} · ${r.name}` : r.name,
          titleEn: spec.titleEn ? `${spec.titleEn} · ${r.name}` : r.name,
          focus: { level: r.level, id: r.id },
          annotations: (spec.annotations ?? []).filter((a) => a.regionId === r.id),
        });
      }
      return;
    }
    const focus =
      spec.focus && byId.has(spec.focus.id)
        ? spec.focus
        : { level: 'district' as const, id: district.id };
    out.push({
      ...base,
      id: spec.id ?? `scene-${i + 1}`,
      title: spec.title ?? district.name,
      titleEn: spec.titleEn ?? spec.title ?? district.name,
      focus,
      annotations: (spec.annotations ?? []).filter((a) => byId.has(a.regionId)),
    });
  });
  return out;
}

/** What a scene sets in the store (one `scene` dispatch: focus, metric, layers, panels, callouts). */
export function sceneState(scene: Scene): ScenePayload {
  return {
    scope: scene.focus,
    metric: scene.metric,
    layers: scene.layers,
    hiddenPanels: scene.hidePanels,
    annotations: scene.annotations,
  };
}

/** The scene's title in the page language. */
export function sceneTitle(scene: Scene, lang: 'zh' | 'en'): string {
  return lang === 'en' ? scene.titleEn : scene.title;
}
