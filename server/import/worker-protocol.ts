// Messages between the import's parse worker, its write worker (a run on the embedded store) and
// the main thread.
import type { FileFormat, HeaderInfo, SampleRow, UnmappedValue } from '../../shared/admin-api';
import type { GeoJSONFeatureCollection, ProblemSource, RegionInfo } from '../../shared/protocol';
import type { ProblemRecord } from '../store/records';
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

/** Main (or the write worker) → parse worker: the last chunk is written, send the next. */
export type MainMessage = { type: 'ack' };

/** What the write worker needs: the store's file, the district's places and roll-up tree. */
export interface WriteJob {
  file: string;
  importId: string;
  /** The run's clock: which rows log their steps (the last two days before it). */
  now: number;
  regions: RegionInfo[];
  /** Every region's lineage and the tree's fingerprint, as the main store places roll-ups. */
  lineages: Array<[string, string[]]>;
  fingerprint: string;
  /** Rows per transaction at most (the parse worker's chunk). */
  chunkRows: number;
}

/** One row's outcome, in the order the writer met them (slice-writer's SliceOutcome). */
export type RowOutcome =
  | { kind: 'accepted'; p: ProblemRecord }
  | { kind: 'repeated'; row: number; id: string; first: boolean }
  | { kind: 'stored'; row: number; id: string }
  | { kind: 'rejected'; row: number; id: string; code: string };

type Chunk = Extract<WorkerMessage, { type: 'chunk' }>;

/**
 * A chunk the write worker committed: how many parts its outcomes make, and what the parser said
 * of it. The parts follow at once (the worker may be writing the next chunk while the main thread
 * applies these, and could not answer for a part then), each a JSON text of OUTCOMES_PER_PART
 * outcomes: a text is copied, not decoded, when it arrives, and the main thread parses and applies
 * one per turn of its event loop. A chunk's 16,000 records in one message were decoded in one go
 * (~200 ms of the event loop). The texts waiting meanwhile (~6 MB a chunk) outlive young
 * collections; the server's RSS growth on a 1M-row import stayed 199-295 MB (bench:import).
 */
export type Written = { type: 'written'; parts: number } & Pick<
  Chunk,
  'rejects' | 'blanks' | 'bytesRead'
>;
export type Part = { type: 'part'; outcomes: string };
export const OUTCOMES_PER_PART = 250;

/**
 * Write worker → main: the parser's header, end and failure passed on in order, a chunk ready to
 * write (main answers `go` once it holds the store's queue), the chunk written, and its parts.
 */
export type WriterMessage = Exclude<WorkerMessage, Chunk> | { type: 'ready' } | Written | Part;

/** Main → write worker: the store's queue is held, write the chunk. */
export type GoMessage = { type: 'go' };

export type { FileFormat, HeaderInfo, SampleRow };
