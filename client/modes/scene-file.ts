// Reading a scene file a city edited by hand (data/tour.json, data/briefing.json). A typo must not
// blank an unattended wall: bad scenes are dropped, bad fields fall back to defaults, and every
// problem is listed so the installer can see it in the console. The JSON schema for editors is
// data/schemas/scene-file.schema.json; this is the check the screen itself relies on.
import { MAP_METRICS, REGION_LEVELS } from '@shared/protocol';
import { MOMENT_EXAMPLE, parseMoment } from '@shared/moment';
import type { MapMetric, RegionLevel } from '@shared/protocol';
import { done, fetchWithRetry, retry } from '../util/fetch-retry';
import { withScreenToken } from '../util/screen-token';
import { SCENE_LAYERS, type Annotation, type SceneLayer } from '../store/scene-vocabulary';
import type { SceneFile, SceneSpec } from './scenes';

export type SceneFileName = 'tour' | 'briefing';

export interface ParsedSceneFile {
  file: SceneFile;
  problems: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const posNum = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;

function annotation(v: unknown): Annotation | null {
  if (!isObj(v) || typeof v.regionId !== 'string' || typeof v.text !== 'string') return null;
  const figure = v.figure;
  const ok = ['reported', 'solved', ...MAP_METRICS].includes(figure as string);
  return {
    regionId: v.regionId,
    text: v.text,
    ...(str(v.textEn) ? { textEn: str(v.textEn) } : {}),
    ...(ok ? { figure: figure as Annotation['figure'] } : {}),
  };
}

function scene(v: unknown, i: number, problems: string[]): SceneSpec | null {
  if (!isObj(v)) {
    problems.push(`scenes[${i}] is not an object: dropped`);
    return null;
  }
  const out: SceneSpec = {};
  if (str(v.id)) out.id = str(v.id);
  if (str(v.title)) out.title = str(v.title);
  if (str(v.titleEn)) out.titleEn = str(v.titleEn);
  if (v.each === 'street' || v.each === 'community') out.each = v.each;
  else if (v.each !== undefined) problems.push(`scenes[${i}].each must be street or community`);
  if (strList(v.only)) out.only = strList(v.only);
  if (isObj(v.focus) && typeof v.focus.id === 'string') {
    if (REGION_LEVELS.includes(v.focus.level as RegionLevel))
      out.focus = { level: v.focus.level as RegionLevel, id: v.focus.id };
    else problems.push(`scenes[${i}].focus.level must be one of ${REGION_LEVELS.join(', ')}`);
  }
  if (MAP_METRICS.includes(v.metric as MapMetric)) out.metric = v.metric as MapMetric;
  else if (v.metric !== undefined)
    problems.push(`scenes[${i}].metric unknown: ${JSON.stringify(v.metric)}`);
  const layers = strList(v.layers);
  if (layers) {
    const known = layers.filter((l): l is SceneLayer => SCENE_LAYERS.includes(l as SceneLayer));
    if (known.length < layers.length) problems.push(`scenes[${i}].layers has unknown names`);
    out.layers = known;
  }
  const d = posNum(v.durationSeconds);
  if (d) out.durationSeconds = Math.max(d, 1);
  else if (v.durationSeconds !== undefined)
    problems.push(`scenes[${i}].durationSeconds must be a positive number`);
  if (Array.isArray(v.annotations))
    out.annotations = v.annotations.map(annotation).filter((a): a is Annotation => a !== null);
  if (strList(v.hidePanels)) out.hidePanels = strList(v.hidePanels);
  if (str(v.note)) out.note = str(v.note);
  if (str(v.noteEn)) out.noteEn = str(v.noteEn);
  return out;
}

/** Never throws: anything unusable becomes an empty scene list plus a problem. */
export function parseSceneFile(json: unknown): ParsedSceneFile {
  const problems: string[] = [];
  if (!isObj(json) || !Array.isArray(json.scenes)) {
    return {
      file: { version: 1, scenes: [] },
      problems: ['not a scene file: needs "scenes": [ … ]'],
    };
  }
  if (json.version !== 1) problems.push(`version ${String(json.version)} read as version 1`);
  const scenes = json.scenes
    .map((s, i) => scene(s, i, problems))
    .filter((s): s is SceneSpec => s !== null);
  const file: SceneFile = { version: 1, scenes };
  const idle = posNum(json.idleResumeSeconds);
  if (idle) file.idleResumeSeconds = idle;
  if (strList(json.hidePanels)) file.hidePanels = strList(json.hidePanels);
  if (typeof json.asOf === 'string' && parseMoment(json.asOf, Date.now()) !== null)
    file.asOf = json.asOf;
  else if (json.asOf !== undefined)
    problems.push(
      `asOf must be a date or date-time, e.g. ${MOMENT_EXAMPLE}: figures taken at the start`,
    );
  return { file, problems };
}

/** When a city deleted its file: the district, then each street, still a working wall. */
export const FALLBACK: SceneFile = {
  version: 1,
  scenes: [
    { id: 'overview', durationSeconds: 20 },
    { each: 'street', durationSeconds: 12 },
  ],
};

export function sceneFileUrl(name: SceneFileName, search: string): string {
  return withScreenToken(`/api/scenes/${name}`, search);
}

/**
 * Fetches a scene file, retrying with a capped back-off while the server is away (an exhibition
 * screen may boot before it). Resolves once; `signal` stops the retries on unmount.
 */
export async function fetchSceneFile(
  name: SceneFileName,
  signal: AbortSignal,
  search = location.search,
): Promise<ParsedSceneFile | null> {
  return fetchWithRetry(
    sceneFileUrl(name, search),
    async (res) => {
      if (res.ok) return done(parseSceneFile(await res.json()));
      if (res.status === 404)
        return done({ file: FALLBACK, problems: [`${name}.json missing: default`] });
      return retry();
    },
    { signal, init: { cache: 'no-store' } },
  );
}
