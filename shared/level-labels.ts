// The words for the levels below the district and for a region's own kind, in Chinese and
// English, for the screen and the server's messages alike. A dataset names its levels
// (manifest.levels, e.g. 街道/镇 for a county that mixes 街道 with 镇); without that, a level is
// named after the kinds its regions carry, and without kinds it is 街道 / 社区 as in 金牛区.
import {
  LEVEL_KINDS,
  REGION_KINDS,
  type LabelledLevel,
  type LevelLabel,
  type LevelLabels,
  type RegionInfo,
  type RegionKind,
  type RegionLevel,
} from './protocol';

export const KIND_LABELS: Record<RegionKind, LevelLabel> = {
  subdistrict: { zh: '街道', en: 'Subdistrict' },
  town: { zh: '镇', en: 'Town' },
  township: { zh: '乡', en: 'Township' },
  devzone: { zh: '开发区', en: 'Development zone' },
  community: { zh: '社区', en: 'Community' },
  village: { zh: '村', en: 'Village' },
};

/** A level's kind when its regions say none. */
const DEFAULT_KIND: Partial<Record<RegionLevel, RegionKind>> = {
  street: 'subdistrict',
  community: 'community',
};

/** County-level divisions by the last character of their name: 金牛区, 于都县, 瑞金市, 科尔沁右翼前旗. */
const DISTRICT_SUFFIX: Record<string, LevelLabel> = {
  区: { zh: '区', en: 'District' },
  县: { zh: '县', en: 'County' },
  市: { zh: '市', en: 'City' },
  旗: { zh: '旗', en: 'Banner' },
};

/** The label of a level that holds these kinds: each present kind once, in REGION_KINDS order,
 * joined by '/' (街道 + 镇 → 街道/镇, Subdistrict/Town). Null when there are none. */
export function labelOfKinds(kinds: Iterable<RegionKind>): LevelLabel | null {
  const present = new Set(kinds);
  const ordered = REGION_KINDS.filter((k) => present.has(k));
  if (ordered.length === 0) return null;
  return {
    zh: ordered.map((k) => KIND_LABELS[k].zh).join('/'),
    en: ordered.map((k) => KIND_LABELS[k].en).join('/'),
  };
}

export type LevelNames = Record<RegionLevel, LevelLabel>;

/**
 * The name of every level for one dataset: the manifest's where it gives one; else the kinds
 * the level's regions carry (a region without a kind counts as its level's default); else the
 * default. The district is named after its own name's suffix (县 → County).
 */
export function levelLabels(
  declared: LevelLabels | undefined,
  regions: Iterable<Pick<RegionInfo, 'level' | 'kind'>> = [],
  districtName = '',
): LevelNames {
  const kinds = new Map<RegionLevel, Set<RegionKind>>();
  let anyKind = false;
  for (const r of regions) {
    const kind = r.kind ?? DEFAULT_KIND[r.level];
    if (r.kind) anyKind = true;
    if (!kind || !LEVEL_KINDS[r.level].includes(kind)) continue;
    const set = kinds.get(r.level) ?? new Set();
    kinds.set(r.level, set.add(kind));
  }
  const named = (level: LabelledLevel): LevelLabel =>
    declared?.[level] ??
    (anyKind ? labelOfKinds(kinds.get(level) ?? []) : null) ??
    KIND_LABELS[DEFAULT_KIND[level]!];
  return {
    district: DISTRICT_SUFFIX[districtName.slice(-1)] ?? DISTRICT_SUFFIX['区']!,
    street: named('street'),
    community: named('community'),
    grid: { zh: '网格', en: 'Grid' },
  };
}

/** What one region is called as a thing: its own kind (镇, Village), else its level's name. */
export function regionKindLabel(
  r: Pick<RegionInfo, 'level' | 'kind'>,
  names: LevelNames,
): LevelLabel {
  return r.kind && LEVEL_KINDS[r.level].includes(r.kind) ? KIND_LABELS[r.kind] : names[r.level];
}

/** English plural of a level label, part by part: Subdistrict/Town → Subdistricts/Towns. */
export function pluralEn(label: string): string {
  return label
    .split('/')
    .map((part) => {
      if (/[^aeiou]y$/i.test(part)) return `${part.slice(0, -1)}ies`;
      if (/(s|x|ch|sh)$/i.test(part)) return `${part}es`;
      return /[a-z]$/i.test(part) ? `${part}s` : part;
    })
    .join('/');
}
