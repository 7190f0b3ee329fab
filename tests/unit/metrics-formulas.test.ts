// The formulas against examples worked out by hand.
import { describe, expect, it } from 'vitest';
import { isSatisfied, rate, ratingFromStars } from '../../server/metrics/rates';
import { binOf, HIST_BINS, medianFromHistogram } from '../../server/metrics/handling-histogram';
import { dayNumber, windowDays, dayNumberToKey } from '../../server/metrics/time';
import { dueAt, isOverdue } from '../../server/metrics/due';
import { checkTransition } from '../../server/metrics/workflow';
import { emptyBucket, sumBuckets } from '../../server/aggregate/day-bucket';

describe('rates', () => {
  it('divides, and says null (not 0 %) when there is nothing to divide by', () => {
    expect(rate(99, 100)).toBe(0.99);
    expect(rate(0, 0)).toBeNull();
  });
  it('counts satisfied and basically satisfied as satisfied, and maps stars', () => {
    expect(
      ['satisfied', 'basically_satisfied', 'unsatisfied'].map((r) => isSatisfied(r as never)),
    ).toEqual([true, true, false]);
    expect([1, 2, 3, 4, 5].map(ratingFromStars)).toEqual([
      'unsatisfied',
      'unsatisfied',
      'basically_satisfied',
      'satisfied',
      'satisfied',
    ]);
  });
});

describe('handling-time histogram', () => {
  it('finds the median within half a 15-minute bin', () => {
    const hist = new Array<number>(HIST_BINS).fill(0);
    for (const h of [1, 2, 3, 10, 30]) hist[binOf(h)]! += 1;
    // Exact median 3 h; the bin [3, 3.25) holds it, interpolated to its middle.
    expect(medianFromHistogram(hist)).toBeCloseTo(3.125, 3);
    expect(medianFromHistogram(new Array(HIST_BINS).fill(0))).toBeNull();
  });
  it('puts long cases in day-wide bins and caps the last one', () => {
    expect(binOf(47.9)).toBe(191);
    expect(binOf(48)).toBe(192);
    expect(binOf(72)).toBe(193);
    expect(binOf(10_000)).toBe(HIST_BINS - 1);
  });
});

describe('Asia/Shanghai calendar', () => {
  it('puts 23:30 UTC into the next local day', () => {
    expect(dayNumberToKey(dayNumber('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(dayNumberToKey(dayNumber('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(dayNumberToKey(dayNumber('2026-11-23T00:00:00+08:00'))).toBe('2026-11-23');
  });
  it('spans today, the month, the year and the last 30 days', () => {
    const now = Date.parse('2026-03-05T10:00:00+08:00');
    const key = ([a, b]: [number, number]) => [dayNumberToKey(a), dayNumberToKey(b)];
    expect(key(windowDays('today', now))).toEqual(['2026-03-05', '2026-03-05']);
    expect(key(windowDays('month', now))).toEqual(['2026-03-01', '2026-03-05']);
    expect(key(windowDays('year', now))).toEqual(['2026-01-01', '2026-03-05']);
    expect(key(windowDays('rolling30', now))).toEqual(['2026-02-04', '2026-03-05']);
  });
});

describe('due times', () => {
  it('gives safety hazards a day and renovation ten', () => {
    const t = Date.parse('2026-11-23T08:00:00+08:00');
    expect(dueAt('safety', t) - t).toBe(24 * 3600_000);
    expect(dueAt('renovation', t) - t).toBe(240 * 3600_000);
    expect(isOverdue(t, null, t + 1)).toBe(true);
    expect(isOverdue(t, t + 5, t + 10)).toBe(false);
  });
});

describe('workflow', () => {
  it('allows one step at a time and escalation only upwards', () => {
    expect(checkTransition('reported', null, 'called', undefined)).toEqual({
      ok: true,
      escalation: false,
    });
    expect(checkTransition('reported', null, 'handled', undefined).ok).toBe(false);
    expect(checkTransition('responding', 'community', 'responding', 'district')).toEqual({
      ok: true,
      escalation: true,
    });
    expect(checkTransition('responding', 'district', 'responding', 'street').ok).toBe(false);
    expect(checkTransition('closed', 'grid', 'closed', undefined)).toMatchObject({
      ok: false,
      reason: 'the problem is already closed',
    });
  });
});

describe('window sums', () => {
  it('computes closure, on-time and satisfaction from day buckets', () => {
    // Day 1: 4 reported, 3 of them closed by now; day 2: 1 reported, 0 closed.
    // Solved in the window: 3, of which 2 on time. Ratings: 2 satisfied + 1 basic of 4.
    const d1 = {
      ...emptyBucket(),
      reported: 4,
      reportedClosed: 3,
      solved: 2,
      solvedOnTime: 2,
      ratings: 3,
      satisfied: 2,
    };
    const d2 = {
      ...emptyBucket(),
      reported: 1,
      solved: 1,
      solvedOnTime: 0,
      ratings: 1,
      satisfied: 1,
      volunteerTenths: 25,
      volunteerCheckins: 1,
    };
    const m = sumBuckets([d1, d2]);
    expect(m.reported).toBe(5);
    expect(m.solved).toBe(3);
    expect(m.closureRate).toBe(3 / 5);
    expect(m.onTimeRate).toBe(2 / 3);
    expect(m.satisfactionRate).toBe(3 / 4);
    expect(m.volunteerHours).toBe(2.5);
    expect(sumBuckets([]).closureRate).toBeNull();
  });
});
