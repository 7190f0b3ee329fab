// The one weighted pick and the seeded PRNG, for every mix: a pick is always one of the mix's
// values with a positive weight, and a sweep of r over [0, 1) gives each value its weight's share.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { weightedPicker } from '../../server/random/weighted';
import { mulberry32, randInt, seedOf } from '../../server/random/prng';
import { poisson } from '../../server/random/poisson';

const mixArb = fc
  .array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e3, noNaN: true })), {
    minLength: 1,
    maxLength: 40,
  })
  .filter((ws) => ws.some((w) => w > 0))
  .map((ws) => ws.map((w, i) => [i, w] as const));
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('weighted pick', () => {
  it('never picks a value of zero weight, and only values of the mix', () => {
    fc.assert(
      fc.property(mixArb, unit, (mix, r) => {
        const v = weightedPicker(mix)(r);
        expect(mix.some(([k, w]) => k === v && w > 0)).toBe(true);
      }),
    );
  });

  it('is monotone in r: the picked index never goes back as r grows', () => {
    fc.assert(
      fc.property(mixArb, unit, unit, (mix, a, b) => {
        const pick = weightedPicker(mix);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(pick(lo)).toBeLessThanOrEqual(pick(hi));
      }),
    );
  });

  it("gives each value its weight's share of an even sweep of r", () => {
    fc.assert(
      fc.property(mixArb, (mix) => {
        const pick = weightedPicker(mix);
        const N = 2000;
        const seen = new Map<number, number>();
        for (let i = 0; i < N; i++) {
          const v = pick((i + 0.5) / N);
          seen.set(v, (seen.get(v) ?? 0) + 1);
        }
        const total = mix.reduce((s, [, w]) => s + w, 0);
        // Each value's band of r is hit by all sweep points inside it: off by at most one.
        for (const [k, w] of mix)
          expect(Math.abs((seen.get(k) ?? 0) - (w / total) * N)).toBeLessThanOrEqual(1 + 1e-6);
      }),
    );
  });

  it('picks by share of the total weight, and refuses a mix with nothing to pick', () => {
    const pick = weightedPicker([
      ['a', 1],
      ['b', 0],
      ['c', 3],
    ] as const);
    expect([0, 0.2499, 0.25, 0.9999].map(pick)).toEqual(['a', 'a', 'c', 'c']);
    expect(() => weightedPicker([])).toThrow(/empty/);
    expect(() => weightedPicker([['a', 0]])).toThrow(/positive/);
  });
});

describe('seeded randomness', () => {
  it('repeats a stream for a seed, stays in [0, 1), and seeds differ by text', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i++) {
          const x = a();
          expect(x).toBe(b());
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
    );
    expect(seedOf('activity:jinniu')).toBe(seedOf('activity:jinniu'));
    expect(seedOf('activity:jinniu')).not.toBe(seedOf('activity:other'));
  });

  it('draws integers within [min, max] and Poisson counts with the right mean', () => {
    const rng = mulberry32(1);
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), fc.nat({ max: 50 }), (min, span) => {
        const n = randInt(rng, min, min + span);
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(min + span);
      }),
    );
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += poisson(3, rng);
    expect(sum / 20_000).toBeCloseTo(3, 1);
  });
});
