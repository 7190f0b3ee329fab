// Where the parts of a batch end: BATCH_PART records, then on to the end of the problem life the
// part has reached (its next records are steps of the same problem), at most as far again. A step
// of a problem that an earlier part created is not planned but goes through the single ops, which
// read the store, and takes its whole part with it, off the bulk writer and onto the main thread
// (bulk-off-thread.ts): a life cut at every part boundary did that to nearly every part. A city's
// export, and bench:scale's loader, send each problem's life in one piece.

/** Records per part of a batch: a part holds the main thread some 5-10 ms (bench:batch profile). */
export const BATCH_PART = 256;
/**
 * Records per part for the bulk writer's thread (bulk-off-thread.ts), which does their SQL: per
 * record, a larger part has fewer roll-up rows to upsert, log pages to write and messages to
 * pass. The main thread plans and applies it in turns (loop-turns.ts), so its size is not a hold.
 */
export const BULK_PART = 2560;

/** The problem a raw record names (a create's id, a step's problemId); unchecked input. */
function problemOf(r: unknown): unknown {
  if (typeof r !== 'object' || r === null) return undefined;
  const rec = r as { type?: unknown; problemId?: unknown; data?: { id?: unknown } };
  if (rec.type === 'problem') return rec.data?.id;
  return rec.type === 'transition' || rec.type === 'rating' ? rec.problemId : undefined;
}

/** The end (exclusive) of the part that starts at `from`. */
export function partEnd(records: readonly unknown[], from: number, size = BATCH_PART): number {
  let end = Math.min(from + size, records.length);
  const limit = Math.min(from + 2 * size, records.length);
  const life = end > from ? problemOf(records[end - 1]) : undefined;
  if (typeof life !== 'string') return end;
  while (end < limit) {
    const r: unknown = records[end];
    if ((r as { type?: unknown } | null)?.type === 'problem' || problemOf(r) !== life) break;
    end += 1;
  }
  return end;
}
