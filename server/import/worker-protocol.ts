// Messages between the import's parse worker and the main thread.
import type { FileFormat, HeaderInfo, SampleRow, UnmappedValue } from '../../shared/admin-api';
import type { GeoJSONFeatureCollection, ProblemSource, RegionInfo } from '../../shared/protocol';
import type { TextEncoding } from './encoding';
import type { ColumnMapping } from './headers';
import type { NormalRow, RowReject, UnmappedPolicy } from './normalize-row';
import type { Datum } from './place-geometry';
import type { ValueTables } from './values';

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
      unmapped: UnmappedValue[];
    }
  | { type: 'failed'; code: string; message: string };

/** Main → worker: the last chunk is written, send the next. */
export type MainMessage = { type: 'ack' };

export type { FileFormat, HeaderInfo, SampleRow };
