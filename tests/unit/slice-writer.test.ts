import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSliceRows, SLICE_MS } from '../../server/import/slice-writer';

describe('nextSliceRows', () => {
  it('aims at SLICE_MS, grows at most ×2, stays within 8..2000 rows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (rows, ms) => {
          const next = nextSliceRows(rows, ms);
          expect(next).toBeGreaterThanOrEqual(8);
          expect(next).toBeLessThanOrEqual(2000);
          expect(next).toBeLessThanOrEqual(Math.max(8, rows * 2));
          if (ms > SLICE_MS * 1.1 && rows > 8) expect(next).toBeLessThan(rows);
        },
      ),
      { seed: 1606, numRuns: 2000 },
    );
  });

  it('keeps a slice that took its time', () => {
    expect(nextSliceRows(300, SLICE_MS)).toBe(300);
    expect(nextSliceRows(300, SLICE_MS * 3)).toBe(100);
    expect(nextSliceRows(300, SLICE_MS / 4)).toBe(600);
  });
});
