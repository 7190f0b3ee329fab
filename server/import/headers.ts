// Which column holds what: the headers 12345 and grid-system exports use, in Chinese and English,
// and where the header row is (exports often put a title row, or several, above it).
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../../shared/admin-api';

const SYNONYMS: Record<ImportField, string[]> = {
  sourceId: [
    '工单编号',
    '诉求编号',
    '工单号',
    '编号',
    '案件编号',
    '事件编号',
    'id',
    'ticketid',
    'caseid',
    'ticketno',
  ],
  category: [
    '诉求类型',
    '问题类别',
    '事项分类',
    '问题类型',
    '事件类型',
    '诉求分类',
    '类别',
    'category',
    'type',
  ],
  source: ['来源', '渠道', '诉求来源', '来源渠道', '事件来源', 'source', 'channel'],
  reportedAt: [
    '受理时间',
    '登记时间',
    '上报时间',
    '发现时间',
    '创建时间',
    'reportedat',
    'createdat',
    'reporttime',
  ],
  calledAt: ['派单时间', '派遣时间', 'calledat', 'dispatchedat', 'dispatchtime'],
  respondedAt: ['响应时间', '签收时间', 'respondedat', 'acceptedat', 'responsetime'],
  tier: ['处置层级', '承办单位', '响应层级', '处置单位', 'tier', 'level'],
  closedAt: ['办结时间', '结案时间', '完成时间', 'closedat', 'closetime'],
  dueAt: ['办理时限', '截止时间', '处置时限', 'dueat', 'deadline'],
  street: ['所属街道', '街镇', '街道', '所属街镇', 'street', 'subdistrict'],
  community: ['所属社区', '村居', '社区', '所属村居', 'community'],
  grid: ['网格', '所属网格', '网格编号', '网格名称', 'grid', 'gridid'],
  address: ['地址', '详细地址', '事发地址', 'address'],
  lon: ['经度', 'lon', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  rating: ['满意度', '回访结果', '评价结果', '满意度评价', 'rating', 'satisfaction'],
  description: ['诉求内容', '问题描述', '事件描述', '内容', 'description'],
};

/** NFKC, no spaces, no marks like * or (必填), lower case: how headers are compared. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/\(.*?\)|\[.*?\]/g, '')
    .replace(/[\s*_\-:：]/g, '')
    .toLowerCase();
}

const BY_NAME = new Map<string, ImportField>();
for (const f of IMPORT_FIELDS) for (const s of SYNONYMS[f]) BY_NAME.set(normalizeHeader(s), f);

export function fieldOfHeader(h: string): ImportField | undefined {
  return BY_NAME.get(normalizeHeader(h));
}

/** The guess for a header row: the first column that names each field. */
export function guessMapping(headers: string[]): ColumnMapping {
  const m: ColumnMapping = {};
  for (const h of headers) {
    const f = fieldOfHeader(h);
    if (f && m[f] === undefined) m[f] = h;
  }
  return m;
}

/** How many cells of a row name a field. */
function recognised(row: string[]): number {
  return row.filter((c) => fieldOfHeader(c) !== undefined).length;
}

/**
 * The index of the header row among the first rows: the first with at least two recognised
 * headers, else the first row with as many non-empty cells as the widest (a title row has one).
 */
export function findHeaderRow(rows: string[][]): number {
  const hit = rows.findIndex((r) => recognised(r) >= 2);
  if (hit >= 0) return hit;
  const filled = rows.map((r) => r.filter((c) => c.trim() !== '').length);
  const widest = Math.max(0, ...filled);
  return Math.max(0, filled.indexOf(widest));
}

/** Column indexes of a mapping on a header row; a mapped header missing from the file is listed. */
export function resolveColumns(
  headers: string[],
  mapping: ColumnMapping,
): { columns: Partial<Record<ImportField, number>>; missing: string[] } {
  const norm = headers.map(normalizeHeader);
  const columns: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const f of IMPORT_FIELDS) {
    const h = mapping[f];
    if (h === undefined) continue;
    const i = norm.indexOf(normalizeHeader(h));
    if (i >= 0) columns[f] = i;
    else missing.push(h);
  }
  return { columns, missing };
}

export { IMPORT_FIELDS, type ColumnMapping, type ImportField };
