// The admin console's API payloads (imports, mappings, console tokens, the dataset card, the
// reject reasons), typed once for the server that answers and the console that reads them.
// The server's response schemas are proved equal to these (server/schemas/*-responses.ts).
import type { LevelNames } from './level-labels';
import type { ProblemCategory, ProblemSource, Rating, ResponseTier } from './protocol';

export const IMPORT_FIELDS = [
  'sourceId',
  'category',
  'source',
  'reportedAt',
  'calledAt',
  'respondedAt',
  'tier',
  'closedAt',
  'dueAt',
  'street',
  'community',
  'grid',
  'address',
  'lon',
  'lat',
  'rating',
  'description',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Our field → the header of the column that holds it. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const VALUE_KINDS = ['category', 'source', 'tier', 'rating'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export const DATUMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type FileFormat = 'csv' | 'tsv' | 'xlsx';
/** What a value with no mapping does: stop the run, become 'other', or reject its row. */
export type UnmappedPolicy = 'stop' | 'other' | 'reject';

/** Every reason a row is not imported, worded for the reject report in Chinese and English. */
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
  outside_district: [
    '坐标不在本区任何网格内',
    'coordinates are outside every grid of the district',
  ],
  position_not_in_named_place: ['坐标与所填地点不符', 'coordinates are not inside the named place'],
  bad_coordinates: ['经纬度无效', 'invalid coordinates'],
  no_place: ['缺少地点（网格、社区或经纬度）', 'no place (grid, community or coordinates)'],
  bad_id: ['工单编号无效', 'invalid source id'],
  duplicate_in_file: ['文件内重复', 'repeated in the file'],
  write_refused: ['数据库拒绝写入', 'refused by the database'],
} as const satisfies Record<string, readonly [string, string]>;
export type RejectReason = keyof typeof REASONS;
/** reason code → [Chinese, English] wording. */
export type Reasons = Record<string, readonly [string, string]>;

/** The reasons, with the ones that name a level worded in the dataset's names (a county says
 * 镇不在本县, not 街道不在本区). With 金牛区's names the Chinese is REASONS' own. */
export function reasonsFor(names: LevelNames): Reasons {
  const [d, s, c] = [names.district, names.street, names.community];
  const en = (l: { en: string }) => l.en.toLowerCase();
  return {
    ...REASONS,
    unknown_street: [`${s.zh}不在本${d.zh}`, `${en(s)} not in this ${en(d)}`],
    unknown_community: [`${c.zh}不在该${s.zh}`, `${en(c)} not found`],
    ambiguous_community: [
      `${c.zh}重名，请填写${s.zh}`,
      `${en(c)} name is ambiguous; give the ${en(s)}`,
    ],
    outside_district: [
      `坐标不在本${d.zh}任何网格内`,
      `coordinates are outside every grid of the ${en(d)}`,
    ],
    no_place: [`缺少地点（网格、${c.zh}或经纬度）`, `no place (grid, ${en(c)} or coordinates)`],
  };
}

/** A saved mapping: how one source's files read into our fields and values. */
export interface NamedMapping {
  columns?: ColumnMapping;
  /** The source's word → ours, per kind. */
  values?: Partial<Record<ValueKind, Record<string, string>>>;
  /** Datum of the 经度/纬度 columns. */
  datum?: Datum;
  defaultSource?: ProblemSource;
}

export interface NormalRow {
  row: number;
  id: string;
  category: ProblemCategory;
  source: ProblemSource;
  /** A grid, or the community when the row names no grid (未落网格). */
  placeId: string;
  position?: [number, number];
  reportedAt: number;
  calledAt: number | null;
  respondedAt: number | null;
  tier: ResponseTier | null;
  closedAt: number | null;
  rating: Rating | null;
  description?: string;
}

export interface RowReject {
  row: number;
  column: string;
  value: string;
  reason: RejectReason;
}

export interface HeaderInfo {
  encoding: TextEncoding | 'xlsx';
  encodingBy: string;
  /** 1-based row of the header; rows above it are a title. */
  headerRow: number;
  headers: string[];
  mapping: ColumnMapping;
  /** Headers the mapping names that the file does not have. */
  missing: string[];
}

export interface SampleRow {
  row: number;
  cells: string[];
  outcome: { ok: true; row: NormalRow } | { ok: false; reject: RowReject };
}

/** A source word with no mapping, and how many rows hold it. */
export interface UnmappedValue {
  kind: ValueKind;
  value: string;
  count: number;
}

export const IMPORT_STATUSES = [
  'uploaded',
  'dry_running',
  'dry_run',
  'importing',
  'imported',
  'undoing',
  'undone',
  'failed',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface Counts {
  /** Rows stored (run) or that would be (dry run). */
  accepted: number;
  /** Rows already stored (an earlier import) or repeated in this file. */
  duplicates: number;
  skippedBlank: number;
  /** reason → rows. */
  rejected: Record<string, number>;
}

export interface Progress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  accepted: number;
  rejected: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

/** The summary of one import as the API shows it and the store keeps it. */
export interface ImportDoc {
  id: string;
  source: string;
  fileName: string;
  /** The name of the token that uploaded it (history: who). */
  by?: string;
  format: FileFormat;
  bytesTotal: number;
  createdAt: string;
  status: ImportStatus;
  /** The mapping this import runs with (the saved one for the source, with this import's edits). */
  settings: { mapping: NamedMapping; encoding?: TextEncoding };
  header?: HeaderInfo;
  dryRun?: Counts & {
    sample: SampleRow[];
    unmapped: UnmappedValue[];
    columns: ColumnMapping;
  };
  result?: Counts & {
    policy: UnmappedPolicy;
    startedAt: string;
    finishedAt?: string;
    seconds?: number;
    undone?: number;
  };
  progress: Progress;
  error?: { code: string; message: string };
  /** When a node last stored it (ISO): a running step whose doc is old lost its node. */
  savedAt?: string;
}

export const CONSOLE_SCOPES = ['ingest', 'admin', 'presenter'] as const;
export type ConsoleScope = (typeof CONSOLE_SCOPES)[number];

export interface ConsoleToken {
  id: string;
  name: string;
  scope: ConsoleScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** `npm run data:check` on the loaded dataset directory. */
export interface CheckResult {
  valid: boolean;
  total: number;
  problems: string[];
  ms: number;
}

/** The dataset card: what is loaded, its region counts, live figures and data:check. */
export interface DatasetReport {
  dir: string;
  id: string;
  name: string;
  nameEn: string;
  districtCode: string;
  historyEndsOn: string;
  /** Invented figures (manifest `demo`, else `shiftHistoryToNow`). */
  demo: boolean;
  /** region level → how many. */
  levels: Record<string, number>;
  /** level → its name in this dataset (街道 or a county's 镇/开发区…), Chinese and English. */
  levelNames: Record<string, { zh: string; en: string }>;
  stations: number;
  historyRows: number;
  figures: { reported30: number; solved30: number; open: number; overdue: number };
  check: CheckResult;
  /** Whether the built-in simulator is writing now (SIMULATOR, or a demo dataset under auto). */
  simulatorRunning: boolean;
  /** Stored records the simulator wrote (ids starting SIM-): purge them on a real district. */
  simulated: SimulatedCounts;
}

/** Stored records whose id says the built-in simulator wrote them. */
export interface SimulatedCounts {
  problems: number;
  volunteers: number;
  partyReports: number;
  stationVisits: number;
}

/** POST /api/admin/simulated/purge */
export interface PurgeResult {
  removed: SimulatedCounts;
  ms: number;
}
