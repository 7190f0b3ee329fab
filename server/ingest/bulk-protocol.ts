// Messages between the main thread and the batch's bulk writer (bulk-worker.ts).
import type { BulkInserted, BulkRows } from '../store/records';

export interface BulkRequest {
  id: number;
  rows: BulkRows;
  /** Ids of creates the rules refused: answered as duplicates when stored before the part. */
  refused: string[];
  /** Ids of the part's creates that later records of it were planned on. */
  dependents: string[];
}

export type BulkReply =
  | { id: number; ok: true; res: BulkInserted; refusedStored: string[] }
  /**
   * Written nothing: `missed` when a create the plan built on was stored already. `lost`: the
   * writer went away while it held the part, which it may or may not have committed.
   */
  | { id: number; ok: false; missed: boolean; message: string; lost?: boolean };
