// The words that name a level or a region's kind: 街道 and 社区 in 金牛区, 镇/开发区 and 社区/村
// in a county. One function words them all from the dataset's level names
// (shared/level-labels.ts), so the legend, drill-down, breadcrumb, rankings, tiers and hover
// cards always agree.
import { levelLabels, pluralEn, regionKindLabel, type LevelNames } from '@shared/level-labels';
import type { GeoBundle, MapMetric, RegionInfo, RegionLevel, ResponseTier } from '@shared/protocol';
import type { BaseStrings, Lang } from './strings';

export interface LevelStrings {
  level: Record<RegionLevel, string>;
  /** What one region is, its own kind first: 镇, 村, 开发区; else its level's name. */
  regionKind: (r: Pick<RegionInfo, 'level' | 'kind'>) => string;
  rankingTitle: (childLevel: RegionLevel) => string;
  rankBy: (childLevel: RegionLevel, metric: MapMetric) => string;
  backlogTitle: (childLevel: RegionLevel) => string;
  tier: Record<ResponseTier, string>;
  escalationShare: string;
  /** The map legend's note when borders are generated. */
  schematic: string;
}

export function withLevels(
  base: BaseStrings,
  lang: Lang,
  names: LevelNames,
): BaseStrings & LevelStrings {
  const level = {
    district: names.district[lang],
    street: names.street[lang],
    community: names.community[lang],
    grid: names.grid[lang],
  };
  // Tiers street and community are the offices of those levels (a 镇 government answers a 镇).
  const tier = { ...base.tier, street: level.street, community: level.community };
  const words: LevelStrings =
    lang === 'zh'
      ? {
          level,
          regionKind: (r) => regionKindLabel(r, names).zh,
          rankingTitle: (l) => `${level[l]}办结排名`,
          rankBy: (l, m) => `${level[l]}排名 · ${base.metric[m]}`,
          backlogTitle: (l) => `${level[l]}在办与超期`,
          tier,
          escalationShare: `${level.street}及以上响应`,
          schematic: `${level.street}、${level.community}、${level.grid}边界为示意`,
        }
      : {
          level,
          regionKind: (r) => regionKindLabel(r, names).en,
          rankingTitle: (l) => `Ranking of ${pluralEn(level[l]).toLowerCase()}`,
          rankBy: (l, m) => `${pluralEn(level[l])} by ${base.metric[m].toLowerCase()}`,
          backlogTitle: (l) => `Open & overdue by ${level[l].toLowerCase()}`,
          tier,
          escalationShare: `${level.street} or above`,
          schematic: `${level.street}, ${level.community.toLowerCase()} and grid borders are schematic`,
        };
  return { ...base, ...words };
}

/** The level names of the loaded dataset: its manifest's, else its regions' kinds, else 街道/社区. */
export function levelNamesOf(geo: GeoBundle): LevelNames {
  return levelLabels(
    geo.dataset.levels,
    geo.regions.features.map((f) => f.properties),
    geo.dataset.name,
  );
}
