// Many rows into one transaction through Store.insertMany, a few thousand per call: on
// PostgreSQL each call is a handful of round trips instead of one per row, and on the embedded
// SQLite (synchronous) no single call holds the event loop for long.
import type {
  ActivityRecord,
  BulkRows,
  ProblemEventRecord,
  ProblemRecord,
  Store,
} from '../store/records';

/** Rows per insertMany call (problems and activity together). */
const BULK_ROWS = 2_000;

export interface BulkWriter {
  problem(p: ProblemRecord, events: ProblemEventRecord[]): Promise<void>;
  activity(a: ActivityRecord): Promise<void>;
  /** Writes what is buffered; answers how many problems and activity rows were stored in all. */
  flush(): Promise<{ problems: number; activity: number }>;
}

export function bulkWriter(tx: Store): BulkWriter {
  let rows: Required<Omit<BulkRows, 'events'>> = { problems: [], activity: [] };
  const stored = { problems: 0, activity: 0 };
  async function flush() {
    if (rows.problems.length + rows.activity.length > 0) {
      const r = await tx.insertMany(rows);
      stored.problems += r.problems.length;
      stored.activity += r.activity;
      rows = { problems: [], activity: [] };
    }
    return { ...stored };
  }
  const full = () => rows.problems.length + rows.activity.length >= BULK_ROWS;
  return {
    async problem(p, events) {
      rows.problems.push({ p, events });
      if (full()) await flush();
    },
    async activity(a) {
      rows.activity.push(a);
      if (full()) await flush();
    },
    flush,
  };
}
