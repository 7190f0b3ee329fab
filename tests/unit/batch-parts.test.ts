// Where a batch's parts end (server/ingest/batch-parts.ts): every record in exactly one part, in
// order; a part at least `size` records (or the rest), at most twice that; and a problem's life
// that runs on past `size` stays whole within that bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partEnd } from '../../server/ingest/batch-parts';

/** Lives of 1-8 records (a create, then steps of it), some stray records between. */
const batchArb = fc
  .array(
    fc.oneof(
      fc.integer({ min: 1, max: 8 }).map((n) => ({ life: n })),
      fc.constantFrom<unknown>({ type: 'volunteer' }, null, 'junk', { type: 'transition' }),
    ),
    { maxLength: 60 },
  )
  .map((items) => {
    const out: unknown[] = [];
    items.forEach((it, i) => {
      if (typeof it === 'object' && it !== null && 'life' in it) {
        const id = `p${i}`;
        out.push({ type: 'problem', data: { id } });
        for (let k = 1; k < (it as { life: number }).life; k++)
          out.push({ type: k % 3 ? 'transition' : 'rating', problemId: id });
      } else out.push(it);
    });
    return out;
  });

const parts = (records: unknown[], size: number) => {
  const ends: number[] = [];
  for (let from = 0; from < records.length;) ends.push((from = partEnd(records, from, size)));
  return ends;
};

describe('batch parts', () => {
  it('cover the batch in order, size to twice size, and keep a life whole within that', () => {
    fc.assert(
      fc.property(batchArb, fc.integer({ min: 1, max: 10 }), (records, size) => {
        const ends = parts(records, size);
        let from = 0;
        for (const end of ends) {
          expect(end).toBeGreaterThan(from);
          expect(end - from).toBeLessThanOrEqual(2 * size);
          if (end < records.length) expect(end - from).toBeGreaterThanOrEqual(size);
          // A part that ends before its bound does not leave a step of its last life behind.
          const next = records[end] as { type?: string; problemId?: string } | undefined;
          const last = records[end - 1] as { data?: { id?: string }; problemId?: string } | null;
          const lastId = last?.data?.id ?? last?.problemId;
          if (end - from < 2 * size && next && next.type !== 'problem' && lastId !== undefined)
            expect(next.problemId).not.toBe(lastId);
          from = end;
        }
        expect(from).toBe(records.length);
      }),
      { seed: 1411, numRuns: 300 },
    );
  });

  it('ends a part at size when the next record begins another life', () => {
    const recs = [
      { type: 'problem', data: { id: 'a' } },
      { type: 'transition', problemId: 'a' },
      { type: 'problem', data: { id: 'b' } },
      { type: 'transition', problemId: 'b' },
      { type: 'rating', problemId: 'b' },
    ];
    expect(parts(recs, 2)).toEqual([2, 5]);
    expect(parts(recs, 3)).toEqual([5]);
  });
});
