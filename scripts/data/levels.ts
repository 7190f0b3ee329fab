// What a region below the district is called, decided from its official name: a county mixes
// 街道 with 镇 and 乡 and puts development zones at street level, and mixes 社区 with 村. Each
// region carries its kind; the manifest labels each level from the kinds present in it. The
// screen reads both (absent `kind` = the level's default, absent `levels` = 街道 / 社区). The words
// for each kind, and the label of a level from its kinds, are shared/level-labels.ts's.
import type { LevelLabel } from '../../shared/protocol';
import { KIND_LABELS, labelOfKinds } from '../../shared/level-labels';

export type StreetKind = 'subdistrict' | 'town' | 'township' | 'devzone';
export type CommunityKind = 'community' | 'village';

export interface LevelLabels {
  street: LevelLabel;
  community: LevelLabel;
}

export const DEFAULT_KIND = { street: 'subdistrict', community: 'community' } as const;

/**
 * Zones the division list files at street level that are neither 街道 nor 镇/乡: 经济技术开发区,
 * 高新技术产业开发区, 工业园区, 新区 … (usually run by a 管委会). The suffix decides first (the head
 * noun of a Chinese place name is its last word), so "新区街道" stays a 街道.
 */
const DEVZONE = /开发区|工业园|产业园|园区|高新区|新区|管委会|管理委员会|试验区|示范区|保税区|港区/;

export function streetKind(name: string): StreetKind {
  if (/街道(办事处)?$/.test(name)) return 'subdistrict';
  if (/镇$/.test(name)) return 'town';
  if (/(乡|苏木)$/.test(name)) return 'township'; // 民族乡 ends in 乡; 苏木 is Inner Mongolia's
  if (DEVZONE.test(name)) return 'devzone';
  return DEFAULT_KIND.street;
}

/**
 * The committee that runs a community or village is not part of its name, and the list spells
 * it four ways: "营门口社区居委会" → "营门口社区", "石桥村村民委员会" / "石桥村民委员会" /
 * "石桥村委会" → "石桥村" (a 村's committee keeps the 村 it names).
 */
export function communityName(raw: string): string {
  const name = raw.trim();
  if (/(村民委员会|村委会)$/.test(name)) return name.replace(/村?(村民委员会|村委会)$/, '村');
  return name.replace(/(居民委员会|居委会)$/, '');
}

/** From the official (raw) name, so a 村委会 is a village whatever is left after stripping. */
export function communityKind(raw: string): CommunityKind {
  const name = communityName(raw);
  return /(村|嘎查)$/.test(name) ? 'village' : 'community';
}

/**
 * The manifest's level labels from the kinds present, or undefined when both levels hold only
 * their default kind (街道 / 社区, what a manifest without `levels` means).
 */
export function levelLabels(
  streetKinds: Iterable<StreetKind>,
  communityKinds: Iterable<CommunityKind>,
): LevelLabels | undefined {
  const s = new Set(streetKinds);
  const c = new Set(communityKinds);
  const onlyDefault = (set: Set<string>, kind: string) =>
    set.size === 0 || (set.size === 1 && set.has(kind));
  if (onlyDefault(s, DEFAULT_KIND.street) && onlyDefault(c, DEFAULT_KIND.community))
    return undefined;
  return {
    street: labelOfKinds(s) ?? KIND_LABELS.subdistrict,
    community: labelOfKinds(c) ?? KIND_LABELS.community,
  };
}
