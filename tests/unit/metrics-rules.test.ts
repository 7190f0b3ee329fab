// The rules that must hold for every input: the deadline, on time vs overdue, and the rates —
// computed by one function, so a region's brief and its 30-day window can never disagree.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DUE_HOURS, dueAt, isOnTime, isOverdue } from '../../server/metrics/due';
import { problemRates, type RateCounts } from '../../server/metrics/rates';
import { Aggregator } from '../../server/aggregate/aggregator';
import type { RegionIndex } from '../../server/aggregate/region-index';
import type { ProblemRecord } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';
import { PROBLEM_CATEGORIES, RATINGS } from '../../shared/protocol';

const H = 3600_000;
const t0 = Date.parse('2026-11-27T12:00:00+08:00');
const time = fc.integer({ min: t0 - 40 * 24 * H, max: t0 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

describe('deadlines', () => {
  it('give every category a positive time limit from the report, in whole hours', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROBLEM_CATEGORIES), time, (c, at) => {
        expect(dueAt(c, at) - at).toBe(DUE_HOURS[c] * H);
        expect(DUE_HOURS[c]).toBeGreaterThan(0);
      }),
    );
  });

  it('make a problem on time, overdue or neither, never both', () => {
    fc.assert(
      fc.property(time, maybe(time), time, (due, closed, now) => {
        const onTime = isOnTime(due, closed);
        const overdue = isOverdue(due, closed, now);
        expect(onTime && overdue).toBe(false);
        expect(onTime).toBe(closed !== null && closed <= due);
        expect(overdue).toBe(closed === null && now > due);
      }),
    );
  });
});

const counts: fc.Arbitrary<RateCounts> = fc
  .tuple(...Array.from({ length: 6 }, () => fc.nat({ max: 10_000 })))
  .map(([reported, a, b, c, ratings, d]) => {
    const reportedClosed = Math.min(a!, reported!);
    const solved = b!;
    return {
      reported: reported!,
      reportedClosed,
      solved,
      solvedOnTime: Math.min(c!, solved),
      ratings: ratings!,
      satisfied: Math.min(d!, ratings!),
    };
  });

describe('rates', () => {
  it('are shares in [0, 1], and null (not 0 %) when there is nothing to divide', () => {
    fc.assert(
      fc.property(counts, (n) => {
        const r = problemRates(n);
        const pairs: Array<[number | null, number, number]> = [
          [r.closureRate, n.reportedClosed, n.reported],
          [r.onTimeRate, n.solvedOnTime, n.solved],
          [r.satisfactionRate, n.satisfied, n.ratings],
        ];
        for (const [value, num, den] of pairs) {
          if (den === 0) expect(value).toBeNull();
          else expect(value).toBe(num / den);
        }
      }),
    );
  });
});

const LINEAGE = ['G1', 'C1', 'S1', 'D1'];
const index = {
  lineage: () => LINEAGE,
  regions: new Map(LINEAGE.map((id) => [id, {}])),
} as unknown as RegionIndex;

const problemArb = fc
  .record({
    category: fc.constantFrom(...PROBLEM_CATEGORIES),
    reportedAt: time,
    closeAfter: maybe(fc.integer({ min: 0, max: 300 * H })),
    rateAfter: maybe(fc.integer({ min: 0, max: 48 * H })),
    rating: fc.constantFrom(...RATINGS),
  })
  .map(({ category, reportedAt, closeAfter, rateAfter, rating }): ProblemRecord => {
    const closedAt = closeAfter === null ? null : Math.min(reportedAt + closeAfter, t0);
    const ratedAt = closedAt !== null && rateAfter !== null ? closedAt + rateAfter : null;
    return problemRecord({
      id: 'p',
      category,
      placeId: 'G1',
      stage: closedAt === null ? 'reported' : 'closed',
      reportedAt,
      closedAt,
      dueAt: dueAt(category, reportedAt),
      rating: ratedAt !== null && ratedAt <= t0 ? rating : null,
      ratedAt: ratedAt !== null && ratedAt <= t0 ? ratedAt : null,
    });
  });

describe('the aggregator', () => {
  it("gives a region's brief the same rates and overdue count as its 30-day window", () => {
    fc.assert(
      fc.property(fc.array(problemArb, { maxLength: 60 }), (problems) => {
        const agg = new Aggregator(index, () => t0);
        problems.forEach((p, i) => agg.applyProblem(undefined, { ...p, id: `p${i}` }));
        const w = agg.window('S1', 'rolling30');
        const brief = agg.brief('S1');
        expect(brief.closureRate).toBe(w.closureRate);
        expect(brief.satisfactionRate).toBe(w.satisfactionRate);
        expect(brief.reported).toBe(w.reported);
        const overdue = problems.filter((p) => isOverdue(p.dueAt, p.closedAt, t0)).length;
        expect(brief.overdue).toBe(overdue);
        expect(brief.open).toBe(problems.filter((p) => p.closedAt === null).length);
      }),
    );
  });
});
