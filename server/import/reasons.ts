// Every reason a row is not imported, worded for the reject report in Chinese and English.
export const REASONS = {
  bad_date: ['日期无法识别', 'date not recognised'],
  no_reported_at: ['缺少受理时间', 'no reported time'],
  future_time: ['时间晚于当前时间', 'time is in the future'],
  times_out_of_order: ['各环节时间先后颠倒', 'stage times out of order'],
  unmapped_category: ['问题类别未映射', 'category not mapped'],
  unmapped_source: ['来源未映射', 'source not mapped'],
  unmapped_tier: ['处置层级未映射', 'tier not mapped'],
  unmapped_rating: ['满意度未映射', 'rating not mapped'],
  no_category: ['缺少问题类别', 'no category'],
  no_source: ['缺少来源且映射未设默认来源', 'no source and no default source in the mapping'],
  rated_but_not_closed: ['未办结却有满意度', 'rated but not closed'],
  unknown_street: ['街道不在本区', 'street not in this district'],
  unknown_community: ['社区不在该街道', 'community not found'],
  ambiguous_community: ['社区重名，请填写街道', 'community name is ambiguous; give the street'],
  unknown_grid: ['网格不存在', 'grid not found'],
  community_only_not_supported_yet: [
    '仅落到社区（未落网格）暂不支持',
    'placed at a community only (no grid): not supported yet',
  ],
  outside_district: [
    '坐标不在本区任何网格内',
    'coordinates are outside every grid of the district',
  ],
  position_not_in_named_place: ['坐标与所填地点不符', 'coordinates are not inside the named place'],
  bad_coordinates: ['经纬度无效', 'invalid coordinates'],
  no_place: ['缺少地点（网格、社区或经纬度）', 'no place (grid, community or coordinates)'],
  bad_id: ['工单编号无效', 'invalid source id'],
  duplicate_in_file: ['文件内重复', 'repeated in the file'],
} as const satisfies Record<string, readonly [string, string]>;

export type RejectReason = keyof typeof REASONS;

/** Chinese and English wording of a reason (also for codes the ingest ops answer with). */
export function describeReason(code: string): [string, string] {
  const r = (REASONS as Record<string, readonly [string, string]>)[code];
  return r ? [r[0], r[1]] : ['写入被拒绝', `rejected by the ingest rules (${code})`];
}
