// Messages between the import's parse worker and the main thread.
import type { GeoJSONFeatureCollection, ProblemSource, RegionInfo } from '../../shared/protocol';
import type { TextEncoding } from './encoding';
import type { ColumnMapping } from './headers';
import type { NormalRow, RowReject, UnmappedPolicy } from './normalize-row';
import type { Datum } from './place-geometry';
import type { ValueKind, ValueTables } from './values';

export type FileFormat = 'csv' | 'tsv' | 'xlsx';

export interface ParseJob {
  file: string;
  format: FileFormat;
  encoding?: TextEncoding;
  /** Absent: guessed from the header row. */
  mapping?: ColumnMapping;
  tables: ValueTables;
  policy: UnmappedPolicy;
  datum: Datum;
  idPrefix: string;
  defaultSource?: ProblemSource;
  now: number;
  regions: GeoJSONFeatureCollection<RegionInfo>;
  /** Rows per chunk sent to the main thread. */
  chunkRows: number;
  /** How many rows to send back as parsed, for the dry run. */
  sampleRows: number;
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

export type WorkerMessage =
  | { type: 'header'; header: HeaderInfo }
  | {
      type: 'chunk';
      rows: NormalRow[];
      rejects: RowReject[];
      blanks: number;
      bytesRead: number;
      samples: SampleRow[];
    }
  | {
      type: 'done';
      bytesRead: number;
      unmapped: Array<{ kind: ValueKind; value: string; count: number }>;
    }
  | { type: 'failed'; code: string; message: string };

/** Main → worker: the last chunk is written, send the next. */
export type MainMessage = { type: 'ack' };
