// The figures that change with the clock alone, on a pinned, movable `now`: overdue without any
// event, `today` turning over at Asia/Shanghai midnight (not UTC's), and pruning that never
// changes what a window shows, across month and year boundaries.
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/aggregate/aggregator';
import type { RegionIndex } from '../../server/aggregate/region-index';
import type { ProblemRecord } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';
import { WINDOWS } from '../../shared/protocol';

const LINEAGE = ['G1', 'C1', 'S1', 'D1'];
const index = {
  lineage: () => LINEAGE,
  regions: new Map(LINEAGE.map((id) => [id, {}])),
} as unknown as RegionIndex;
const H = 3600_000;
const DAY = 24 * H;
const at = (iso: string) => Date.parse(iso);

function problem(id: string, reportedAt: number, closedAt: number | null = null): ProblemRecord {
  return problemRecord({
    id,
    category: 'safety',
    placeId: 'G1',
    stage: closedAt === null ? 'reported' : 'closed',
    reportedAt,
    closedAt,
    dueAt: reportedAt + 24 * H,
  });
}

describe('aggregates on a moving clock', () => {
  it('counts an open problem overdue once the clock passes its due time, with no event', () => {
    let clock = at('2026-11-16T09:00:00+08:00');
    const agg = new Aggregator(index, () => clock);
    const p = problem('p1', clock);
    agg.applyProblem(undefined, p);
    expect(agg.current('D1')).toEqual({ open: 1, overdue: 0 });
    clock = p.dueAt; // due at exactly this instant: not late yet
    expect(agg.current('G1')).toEqual({ open: 1, overdue: 0 });
    clock = p.dueAt + 1;
    expect(agg.current('G1')).toEqual({ open: 1, overdue: 1 });
    expect(agg.brief('S1')).toMatchObject({ open: 1, overdue: 1 });
    // Closing it (late) takes it out of both.
    agg.applyProblem(p, { ...p, stage: 'closed', closedAt: clock });
    expect(agg.current('D1')).toEqual({ open: 0, overdue: 0 });
  });

  it("resets `today` after Shanghai midnight while `month` keeps the day's count", () => {
    let clock = at('2026-11-15T23:50:00+08:00');
    const agg = new Aggregator(index, () => clock);
    agg.applyProblem(undefined, problem('late-evening', clock, clock + 5 * 60_000));
    expect(agg.window('D1', 'today')).toMatchObject({ reported: 1, solved: 1 });
    clock = at('2026-11-15T23:59:59+08:00');
    expect(agg.window('D1', 'today').reported).toBe(1);
    // 00:00:01 in Shanghai is still 16:00 on the 15th in UTC: the local day must win.
    clock = at('2026-11-16T00:00:01+08:00');
    expect(agg.window('D1', 'today')).toMatchObject({ reported: 0, solved: 0 });
    expect(agg.window('D1', 'month')).toMatchObject({ reported: 1, solved: 1 });
    expect(agg.window('D1', 'rolling30').reported).toBe(1);
    expect(agg.trend('D1').at(-2)).toEqual({ date: '2026-11-15', reported: 1, solved: 1 });
    expect(agg.trend('D1').at(-1)).toEqual({ date: '2026-11-16', reported: 0, solved: 0 });
  });

  it('prunes without changing any window across month and year boundaries', () => {
    let clock = at('2026-11-20T12:00:00+08:00');
    const now = () => clock;
    const pruned = new Aggregator(index, now);
    const reference = new Aggregator(index, now); // never pruned: every bucket kept
    const apply = (p: ProblemRecord) => {
      pruned.applyProblem(undefined, p);
      reference.applyProblem(undefined, p);
    };
    // One problem every 13 hours from Nov 20 to Feb 10, each closed 10 hours later.
    const end = at('2027-02-10T12:00:00+08:00');
    let n = 0;
    for (let t = clock; t < end; t += 13 * H) apply(problem(`q${n++}`, t, t + 10 * H));
    const seen: Record<string, Record<string, number>> = {};
    for (; clock <= end; clock += DAY) {
      pruned.prune();
      for (const w of WINDOWS)
        expect(pruned.window('D1', w), `${w} at ${new Date(clock).toISOString()}`).toEqual(
          reference.window('D1', w),
        );
      expect(pruned.trend('D1')).toEqual(reference.trend('D1'));
      seen[new Date(clock + 8 * H).toISOString().slice(0, 10)] = Object.fromEntries(
        WINDOWS.map((w) => [w, pruned.window('D1', w).reported]),
      );
    }
    // Month and year start again on the 1st (local); rolling30 carries the old month on.
    expect(seen['2026-12-31']!.year).toBeGreaterThan(40);
    expect(seen['2027-01-01']).toMatchObject({ today: 2, month: 2, year: 2 });
    expect(seen['2027-01-05']!.rolling30).toBeGreaterThan(50);
    expect(seen['2027-02-01']!.month).toBe(2);
    expect(seen['2027-02-01']!.year).toBeGreaterThan(55);
  });
});
