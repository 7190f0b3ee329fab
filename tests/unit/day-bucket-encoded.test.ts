// addEncoded adds two stored roll-up rows without decoding them; it must give exactly what
// decoding, adding and encoding again gives, for every pair of buckets (bins met on one side, on
// both, and bins whose counts cancel out).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SCALARS,
  addBucket,
  addEncoded,
  decodeBucket,
  emptyBucket,
  encodeBucket,
  type DayBucket,
} from '../../server/aggregate/day-bucket';
import { HIST_BINS } from '../../server/metrics/handling-histogram';

const count = fc.integer({ min: -50, max: 50 });
const bucket: fc.Arbitrary<DayBucket> = fc
  .record({
    scalars: fc.array(count, { minLength: SCALARS.length, maxLength: SCALARS.length }),
    lists: fc.array(count, { minLength: 64, maxLength: 64 }),
    hist: fc.array(fc.tuple(fc.integer({ min: 0, max: HIST_BINS - 1 }), count), {
      maxLength: 12,
    }),
  })
  .map(({ scalars, lists, hist }) => {
    const b = emptyBucket();
    SCALARS.forEach((k, i) => (b[k] = scalars[i]!));
    let n = 0;
    for (const list of [b.tiers, b.categories, b.sources])
      for (let i = 0; i < list.length; i++) list[i] = lists[n++ % lists.length]!;
    for (const [bin, c] of hist) if (c !== 0) b.hist.set(bin, c);
    return b;
  });

describe('addEncoded', () => {
  it('equals decode, add, encode (fast-check)', () => {
    fc.assert(
      fc.property(bucket, bucket, fc.boolean(), (a, b, cancel) => {
        // Half the runs take a bucket away from itself plus another: every shared bin cancels.
        const other = cancel ? decodeBucket(encodeBucket(b)) : b;
        if (cancel) addBucket(other, a, -1);
        const sum = decodeBucket(encodeBucket(a));
        addBucket(sum, other);
        expect(addEncoded(encodeBucket(a), encodeBucket(other))).toEqual(encodeBucket(sum));
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });

  it('keeps the bins of each side in order and drops a bin that sums to zero', () => {
    const a = emptyBucket();
    a.hist.set(3, 2).set(9, 1);
    const b = emptyBucket();
    b.reported = 4;
    b.hist.set(1, 5).set(9, -1);
    const out = addEncoded(encodeBucket(a), encodeBucket(b));
    expect(out[0]).toBe(4);
    expect(out.slice(-4)).toEqual([1, 5, 3, 2]);
  });
});
