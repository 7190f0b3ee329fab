// The summary of one import as the API shows it and the store keeps it.
import type { TextEncoding } from './encoding';
import type { ColumnMapping } from './headers';
import type { UnmappedPolicy } from './normalize-row';
import type { NamedMapping } from './mappings';
import type { FileFormat, HeaderInfo, SampleRow } from './worker-protocol';
import type { ValueKind } from './values';

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
    unmapped: Array<{ kind: ValueKind; value: string; count: number }>;
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
}

export const emptyCounts = (): Counts => ({
  accepted: 0,
  duplicates: 0,
  skippedBlank: 0,
  rejected: {},
});

export const addReason = (c: Counts, reason: string, n = 1) => {
  c.rejected[reason] = (c.rejected[reason] ?? 0) + n;
};

export const totalRejected = (c: Counts) => Object.values(c.rejected).reduce((a, b) => a + b, 0);
