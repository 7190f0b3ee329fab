// The roll-up check's comparison on the main thread (PostgreSQL, an in-memory database) must give
// exactly the worker's answer, and must let the event loop run while it works: a city's year is
// hundreds of thousands of (region, day) buckets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketIn, type DeltaMap } from '../../server/store/delta-map';
import { compareCounts, compareCountsOf } from '../../server/store/rollup-rebuild';

const REGIONS = ['D', 'S1', 'S2', 'C1', 'C2', 'G1'];

/** Counts as (region, day, reported, solved) entries, added into fresh buckets. */
const counts = fc.array(
  fc.tuple(
    fc.constantFrom(...REGIONS),
    fc.integer({ min: 20_000, max: 20_030 }),
    fc.nat(3),
    fc.nat(3),
  ),
  { maxLength: 40 },
);
function mapOf(entries: Array<[string, number, number, number]>): DeltaMap {
  const m: DeltaMap = new Map();
  for (const [id, day, reported, solved] of entries) {
    const b = bucketIn(m, id, day);
    b.reported += reported;
    b.solved += solved;
  }
  return m;
}

describe('roll-up comparison', () => {
  it('gives the same differing regions on the main thread as in the worker (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(counts, counts, async (a, b) => {
        const [x, y] = [mapOf(a), mapOf(b)];
        const sync = compareCounts(x, y);
        expect(await compareCountsOf(x, y)).toEqual(sync);
        // A count compared with itself differs nowhere.
        expect(compareCounts(x, mapOf(a)).differing).toEqual([]);
      }),
      { seed: 20261128, numRuns: 200 },
    );
  });

  it('lets the event loop turn while it compares many buckets, and names the region that differs', async () => {
    const entries: Array<[string, number, number, number]> = [];
    for (let r = 0; r < 200; r++)
      for (let d = 0; d < 200; d++) entries.push([`G${r}`, 20_000 + d, 1, d % 2]);
    const [x, y] = [mapOf(entries), mapOf(entries)];
    bucketIn(y, 'G7', 20_100).solved += 1;
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    let longest = 0;
    let last = performance.now();
    const watch = setInterval(() => {
      longest = Math.max(longest, performance.now() - last);
      last = performance.now();
    }, 1);
    const result = await compareCountsOf(x, y);
    clearInterval(ticker);
    clearInterval(watch);
    expect(result).toEqual({ differing: ['G7'], buckets: 80_000 });
    expect(turns).toBeGreaterThan(5);
    // 40,000 buckets each way took ~0.5 s in one piece before; now no slice holds the loop long.
    expect(longest).toBeLessThan(250);
  });
});
