// bench:scale's own rules, the ones a wrong figure would hide behind: the loader's records are a
// legal life for every generated problem (the server would reject the rest, and the batch figure
// would count rejections as work), the latency histogram reads the same percentiles as a sorted
// list, and the table's pass/fail follows each goal's direction.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pastProblems } from '../../scripts/data/history';
import type { Shape } from '../../scripts/data/tessellate';
import { checkTransition } from '../../server/metrics/workflow';
import type { ProblemStage, ResponseTier } from '../../shared/protocol';
import { latencyHistogram } from '../../bench/scale-histogram';
import { escalationTime, lifeRecords } from '../../bench/scale-records';
import { passes } from '../../bench/scale-table';

const square: Shape = {
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [104, 30.6],
        [104.01, 30.6],
        [104.01, 30.61],
        [104, 30.61],
        [104, 30.6],
      ],
    ],
  },
};

describe('bench:scale loader records', () => {
  it('give every generated problem a life the workflow accepts, in time order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0, max: 0.999 }),
        (seed, r) => {
          const gen = pastProblems({
            endsOn: '2026-11-26',
            days: 30,
            perDay: 3,
            grids: [{ id: 'g1', households: 1, shape: square }],
            seed,
          });
          for (const p of gen) {
            const recs = lifeRecords(p, r, escalationTime(p));
            expect(recs[0]!.type).toBe('problem');
            let stage: ProblemStage = 'reported';
            let tier: ResponseTier | null = null;
            let last = Date.parse(p.reportedAt);
            for (const rec of recs.slice(1)) {
              if (rec.type === 'rating') {
                expect(stage).toBe('closed');
                continue;
              }
              expect(rec.type).toBe('transition');
              if (rec.type !== 'transition') continue;
              const check = checkTransition(stage, tier, rec.data.stage, rec.data.tier);
              expect(check.ok).toBe(true);
              const at = Date.parse(rec.data.at!);
              expect(at).toBeGreaterThanOrEqual(last);
              stage = rec.data.stage;
              tier = rec.data.tier ?? tier;
              if (!(check.ok && check.escalation)) last = at;
            }
            if (p.tier) expect(tier).toBe(p.tier);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('bench:scale latency histogram', () => {
  it('reads the nearest-rank percentile of whole-millisecond latencies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 70_000 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, q) => {
          const h = latencyHistogram();
          for (const x of xs) h.add(x);
          const sorted = [...xs].map((x) => Math.min(x, 60_000)).sort((a, b) => a - b);
          expect(h.quantile(q)).toBe(sorted[Math.ceil(q * xs.length) - 1]);
          expect(h.max()).toBe(Math.max(...xs));
          expect(h.count()).toBe(xs.length);
        },
      ),
    );
  });
});

describe('bench:scale table', () => {
  it('passes a figure by its goal direction and leaves a missing one undecided', () => {
    const row = (value: number | null, op: '≤' | '≥' | '=', limit: number) => ({
      figure: 'x',
      value,
      unit: '',
      goal: { op, limit },
    });
    expect(passes(row(3, '≤', 3))).toBe(true);
    expect(passes(row(3.1, '≤', 3))).toBe(false);
    expect(passes(row(5000, '≥', 5000))).toBe(true);
    expect(passes(row(4999, '≥', 5000))).toBe(false);
    expect(passes(row(1, '=', 0))).toBe(false);
    expect(passes(row(null, '≤', 3))).toBeNull();
    expect(passes({ figure: 'raw', value: 1, unit: '/s' })).toBeNull();
  });
});
