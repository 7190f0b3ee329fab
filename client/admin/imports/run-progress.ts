// How far a run is, in rows: the dry run counted every row of the file, and the run's counts grow
// chunk by chunk from zero. (Bytes read run ahead of the rows by the parser's read-ahead, a few
// MB: on a small file they say 100 % while most rows are still to be written.)
import type { Counts, ImportDoc } from '@shared/admin-api';

const rowsOf = (c: Counts) =>
  c.accepted + c.duplicates + c.skippedBlank + Object.values(c.rejected).reduce((a, b) => a + b, 0);

export function runFraction(doc: ImportDoc): {
  done: number;
  total: number;
  etaSeconds: number | null;
} {
  const total = doc.dryRun ? rowsOf(doc.dryRun) : 0;
  if (doc.status === 'imported') return { done: total, total, etaSeconds: 0 };
  const done = doc.result ? Math.min(total, rowsOf(doc.result)) : 0;
  const rate = doc.progress.rowsPerSecond;
  const etaSeconds = done > 0 && rate > 0 ? Math.ceil((total - done) / rate) : null;
  return { done, total, etaSeconds };
}
