// The shapes the admin API answers with (server/import/import-doc.ts and the admin routes), as
// far as the console reads them. The client may not import server/, so they are restated here.
export type ValueKind = 'category' | 'source' | 'tier' | 'rating';
export type ImportStatus =
  | 'uploaded'
  | 'dry_running'
  | 'dry_run'
  | 'importing'
  | 'imported'
  | 'undoing'
  | 'undone'
  | 'failed';

export interface Counts {
  accepted: number;
  duplicates: number;
  skippedBlank: number;
  rejected: Record<string, number>;
}

export interface Unmapped {
  kind: ValueKind;
  value: string;
  count: number;
}

export type ColumnMapping = Partial<Record<string, string>>;

export interface NamedMapping {
  columns?: ColumnMapping;
  values?: Partial<Record<ValueKind, Record<string, string>>>;
  datum?: string;
  defaultSource?: string;
}

export interface ImportDoc {
  id: string;
  source: string;
  fileName: string;
  by?: string;
  format: string;
  bytesTotal: number;
  createdAt: string;
  status: ImportStatus;
  settings: { mapping: NamedMapping; encoding?: string };
  header?: {
    encoding: string;
    encodingBy: string;
    headerRow: number;
    headers: string[];
    mapping: ColumnMapping;
    missing: string[];
  };
  dryRun?: Counts & {
    sample: Array<{
      row: number;
      cells: string[];
      outcome: { ok: true } | { ok: false; reject: { reason: string; column?: string } };
    }>;
    unmapped: Unmapped[];
    columns: ColumnMapping;
  };
  result?: Counts & { startedAt: string; finishedAt?: string; seconds?: number; undone?: number };
  progress: {
    bytesRead: number;
    bytesTotal: number;
    rows: number;
    accepted: number;
    rejected: number;
    rowsPerSecond: number;
    etaSeconds: number | null;
  };
  error?: { code: string; message: string };
}

export type TokenScope = 'ingest' | 'admin' | 'presenter';

export interface ConsoleToken {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface DatasetReport {
  dir: string;
  id: string;
  name: string;
  nameEn: string;
  districtCode: string;
  historyEndsOn: string;
  demo: boolean;
  levels: Record<string, number>;
  stations: number;
  historyRows: number;
  figures: { reported30: number; solved30: number; open: number; overdue: number };
  check: { valid: boolean; problems: string[]; total: number; ms: number };
}

export type Reasons = Record<string, [string, string]>;
