// Matches the user's boundary features to the division list: by code (any property whose value
// is a code of the level) or else by normalised name (full-width folded, spaces and the
// committee suffix dropped, then also without the kind word: "营门口" = "营门口社区"). Returns the
// shapes by code (several features with one code are one region) and a report of what matched
// and what did not.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { communityName } from './levels';
import type { InputFeature } from './inputs';
import type { Shape } from './tessellate';

export interface Entry {
  code: string;
  name: string;
}

export interface MatchReport {
  level: string;
  matched: Array<{ code: string; name: string; by: 'code' | 'name'; features: number[] }>;
  /** Features that matched no entry: index in the file and what it was called. */
  unmatched: Array<{ index: number; label: string }>;
  /** Entries of the list no feature matched. */
  missing: Entry[];
}

export function normaliseName(name: string): string {
  return communityName(name.normalize('NFKC').replace(/\s+/g, '')).replace(/办事处$/, '');
}

/** The name without its kind word, for a second try. */
function bare(name: string): string {
  return name.replace(/(街道|镇|乡|社区|村)$/, '');
}

function isArea(f: InputFeature): f is Feature<Polygon | MultiPolygon, Record<string, unknown>> {
  return f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';
}

function labelOf(f: InputFeature): string {
  const values = Object.values(f.properties ?? {}).filter(
    (v) => typeof v === 'string' || typeof v === 'number',
  );
  return values.slice(0, 3).join(' / ') || '(no attributes)';
}

export function matchFeatures(
  level: string,
  features: InputFeature[],
  entries: Entry[],
): { shapes: Map<string, Shape>; report: MatchReport } {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const byName = new Map<string, Entry>();
  const byBare = new Map<string, Entry>();
  for (const e of entries) {
    byName.set(normaliseName(e.name), e);
    byBare.set(bare(normaliseName(e.name)), e);
  }
  const hits = new Map<string, { entry: Entry; by: 'code' | 'name'; features: number[] }>();
  const unmatched: MatchReport['unmatched'] = [];
  features.forEach((f, index) => {
    if (!isArea(f)) return unmatched.push({ index, label: `${labelOf(f)} (not a polygon)` });
    const values = Object.values(f.properties ?? {})
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .map((v) => String(v).trim());
    let entry = values.map((v) => byCode.get(v)).find(Boolean);
    let by: 'code' | 'name' = 'code';
    if (!entry) {
      by = 'name';
      entry =
        values.map((v) => byName.get(normaliseName(v))).find(Boolean) ??
        values.map((v) => byBare.get(bare(normaliseName(v)))).find(Boolean);
    }
    if (!entry) return unmatched.push({ index, label: labelOf(f) });
    const hit = hits.get(entry.code) ?? { entry, by, features: [] };
    hit.features.push(index);
    hits.set(entry.code, hit);
  });
  const shapes = new Map<string, Shape>();
  for (const [code, hit] of hits) {
    const parts = hit.features.map((i) => features[i] as Shape);
    const shape = parts.length === 1 ? parts[0]! : turf.union(turf.featureCollection(parts));
    if (shape) shapes.set(code, turf.feature<Shape['geometry']>(shape.geometry));
  }
  const report: MatchReport = {
    level,
    matched: [...hits.values()].map((h) => ({
      code: h.entry.code,
      name: h.entry.name,
      by: h.by,
      features: h.features,
    })),
    unmatched,
    missing: entries.filter((e) => !hits.has(e.code)),
  };
  return { shapes, report };
}

export function formatMatch(r: MatchReport): string[] {
  const byCode = r.matched.filter((m) => m.by === 'code').length;
  const lines = [
    `${r.level}: ${r.matched.length} matched (${byCode} by code, ${r.matched.length - byCode} by name), ` +
      `${r.unmatched.length} features unmatched, ${r.missing.length} of the list without a boundary`,
  ];
  for (const u of r.unmatched) lines.push(`  unmatched feature #${u.index}: ${u.label}`);
  for (const m of r.missing) lines.push(`  no boundary for ${m.name} (${m.code})`);
  return lines;
}
