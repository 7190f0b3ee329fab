// Categories, sources, tiers and ratings in the source system's words → ours. The tables are
// editable per named mapping; these defaults cover what 12345 and grid-system exports write.
import { VALUE_KINDS, type ValueKind } from '../../shared/admin-api';
import type { ProblemCategory, ProblemSource, Rating, ResponseTier } from '../../shared/protocol';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';

export interface ValueTables {
  category: Record<string, ProblemCategory>;
  source: Record<string, ProblemSource>;
  tier: Record<string, ResponseTier>;
  rating: Record<string, Rating>;
}

export const OUR_VALUES: { [K in ValueKind]: readonly string[] } = {
  category: PROBLEM_CATEGORIES,
  source: PROBLEM_SOURCES,
  tier: RESPONSE_TIERS,
  rating: RATINGS,
};

export const DEFAULT_VALUES: ValueTables = {
  category: {
    环境卫生: 'environment',
    市容环境: 'environment',
    垃圾清运: 'environment',
    物业管理: 'property',
    物业服务: 'property',
    邻里纠纷: 'dispute',
    矛盾纠纷: 'dispute',
    安全隐患: 'safety',
    消防安全: 'safety',
    占道停车: 'parking',
    违规停车: 'parking',
    停车管理: 'parking',
    一老一小: 'elderly_child',
    养老服务: 'elderly_child',
    老旧小区改造: 'renovation',
    小区改造: 'renovation',
    其他: 'other',
  },
  source: {
    网格巡查: 'patrol',
    网格员巡查: 'patrol',
    巡查发现: 'patrol',
    居民上报: 'resident',
    群众反映: 'resident',
    '12345': 'hotline',
    '12345热线': 'hotline',
    热线: 'hotline',
    物业上报: 'property',
    物业: 'property',
    党员报到: 'party_member',
    党员反映: 'party_member',
  },
  tier: {
    网格: 'grid',
    网格员: 'grid',
    社区: 'community',
    社区居委会: 'community',
    街道: 'street',
    街道办事处: 'street',
    区级部门: 'district',
    区级: 'district',
    区直部门: 'district',
  },
  rating: {
    满意: 'satisfied',
    非常满意: 'satisfied',
    基本满意: 'basically_satisfied',
    一般: 'basically_satisfied',
    不满意: 'unsatisfied',
    非常不满意: 'unsatisfied',
  },
};

/** How a cell is compared with the table's keys: NFKC, no spaces. */
export function normalizeValue(v: string): string {
  return v.normalize('NFKC').replace(/\s+/g, '');
}

/** Our value for a cell: the table first, then our own word (an export may already use it). */
export function mapValue(kind: ValueKind, raw: string, tables: ValueTables): string | undefined {
  const v = normalizeValue(raw);
  const table = tables[kind] as Record<string, string>;
  const hit = table[v] ?? table[raw];
  if (hit !== undefined) return hit;
  const lower = v.toLowerCase();
  return OUR_VALUES[kind].includes(lower) ? lower : undefined;
}

/** Default tables with a saved mapping's entries on top. */
export function mergeTables(
  over: Partial<{ [K in ValueKind]: Record<string, string> }> = {},
): ValueTables {
  const out = structuredClone(DEFAULT_VALUES) as unknown as Record<
    ValueKind,
    Record<string, string>
  >;
  for (const k of VALUE_KINDS)
    for (const [from, to] of Object.entries(over[k] ?? {})) out[k][normalizeValue(from)] = to;
  return out as unknown as ValueTables;
}

export { VALUE_KINDS, type ValueKind };
