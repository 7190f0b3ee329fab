import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ShardedMap } from '../../server/aggregate/sharded-map';

type Op =
  { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'clear' };

// Keys like the stored ids (prefix, then digits or hex), and any string too.
const key = fc.oneof(
  fc.integer({ min: 0, max: 2000 }).map((n) => `p-${n}`),
  fc.stringMatching(/^[0-9a-f]{1,12}$/),
  fc.string({ maxLength: 6 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

describe('ShardedMap', () => {
  it('answers as a Map after any sequence of sets, deletes and clears', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 300 }),
        fc.array(key, { maxLength: 30 }),
        (ops, probes) => {
          const want = new Map<string, number>();
          const got = new ShardedMap<number>();
          for (const o of ops) {
            if (o.kind === 'set') {
              want.set(o.key, o.value);
              got.set(o.key, o.value);
            } else if (o.kind === 'delete') expect(got.delete(o.key)).toBe(want.delete(o.key));
            else {
              want.clear();
              got.clear();
            }
            expect(got.size).toBe(want.size);
          }
          for (const k of [...probes, ...want.keys()]) {
            expect(got.has(k)).toBe(want.has(k));
            expect(got.get(k)).toBe(want.get(k));
          }
          expect(new Map(got)).toEqual(want);
        },
      ),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('spreads sequential ids over its shards, so no one shard grows much past its share', () => {
    const m = new ShardedMap<number>();
    for (let i = 0; i < 64_000; i++) m.set(`p-${i}`, i);
    const shards = (m as unknown as { shards: Map<string, number>[] }).shards.map((s) => s.size);
    expect(Math.max(...shards)).toBeLessThan(2 * 1000);
    expect(Math.min(...shards)).toBeGreaterThan(1000 / 2);
  });
});
