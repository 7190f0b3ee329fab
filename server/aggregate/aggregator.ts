// The only place that knows how a metric is computed from stored facts. Incremental: every write
// touches the buckets of the days and regions it concerns (4 regions × ≤3 days), never a recount.
// Views are read by summing at most a year of day buckets for one region.
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RESPONSE_TIERS,
  WINDOWS,
} from '../../shared/protocol';
import type {
  CurrentMetrics,
  DailyPoint,
  RegionBrief,
  WindowMetrics,
  WindowName,
} from '../../shared/protocol';
import { binOf } from '../metrics/handling-histogram';
import { isOnTime, isOverdue } from '../metrics/due';
import { isSatisfied, problemRates, type RateCounts } from '../metrics/rates';
import { dayNumber, dayNumberToKey, windowDays } from '../metrics/time';
import { addHist, emptyBucket, sumBuckets, type DayBucket } from './day-bucket';
import type { RegionIndex } from './region-index';
import type {
  PartyReportRecord,
  ProblemRecord,
  StationVisitRecord,
  VolunteerRecord,
} from '../store/records';

const RATE_COUNTS: ReadonlyArray<keyof RateCounts> = [
  'reported',
  'reportedClosed',
  'solved',
  'solvedOnTime',
  'ratings',
  'satisfied',
];

export class Aggregator {
  private readonly days = new Map<string, Map<number, DayBucket>>();
  /** Open problems: the only state that changes with the clock (overdue). */
  private readonly open = new Map<string, { lineage: string[]; dueAt: number }>();
  private dirty = new Set<string>();

  constructor(
    readonly index: RegionIndex,
    private readonly now: () => number = Date.now,
  ) {}

  private bucket(regionId: string, day: number): DayBucket {
    let m = this.days.get(regionId);
    if (!m) this.days.set(regionId, (m = new Map<number, DayBucket>()));
    let b = m.get(day);
    if (!b) m.set(day, (b = emptyBucket()));
    return b;
  }

  private contribute(p: ProblemRecord, sign: 1 | -1): void {
    const lineage = this.index.lineage(p.gridId);
    const reportDay = dayNumber(p.reportedAt);
    const cat = PROBLEM_CATEGORIES.indexOf(p.category);
    const src = PROBLEM_SOURCES.indexOf(p.source);
    const tier = p.tier ? RESPONSE_TIERS.indexOf(p.tier) : -1;
    for (const id of lineage) {
      this.dirty.add(id);
      const r = this.bucket(id, reportDay);
      r.reported += sign;
      r.categories[cat]! += sign;
      r.sources[src]! += sign;
      if (tier >= 0) r.tiers[tier]! += sign;
      if (p.closedAt !== null) {
        r.reportedClosed += sign;
        const c = this.bucket(id, dayNumber(p.closedAt));
        c.solved += sign;
        if (isOnTime(p.dueAt, p.closedAt)) c.solvedOnTime += sign;
        addHist(c, binOf((p.closedAt - p.reportedAt) / 3600_000), sign);
      }
      if (p.rating !== null && p.ratedAt !== null) {
        const rt = this.bucket(id, dayNumber(p.ratedAt));
        rt.ratings += sign;
        if (isSatisfied(p.rating)) rt.satisfied += sign;
      }
    }
  }

  /** A problem was created (prev undefined) or moved on: take back its old state, add the new. */
  applyProblem(prev: ProblemRecord | undefined, next: ProblemRecord): void {
    if (prev) this.contribute(prev, -1);
    this.contribute(next, 1);
    if (next.closedAt === null)
      this.open.set(next.id, { lineage: this.index.lineage(next.gridId), dueAt: next.dueAt });
    else this.open.delete(next.id);
  }

  /** A stored problem was deleted (an undone import): take back exactly what it added. */
  removeProblem(p: ProblemRecord): void {
    this.contribute(p, -1);
    this.open.delete(p.id);
  }

  private activity(regionId: string, at: number, add: (b: DayBucket) => void): void {
    const day = dayNumber(at);
    for (const id of this.index.lineage(regionId)) {
      this.dirty.add(id);
      add(this.bucket(id, day));
    }
  }

  applyVolunteer(v: VolunteerRecord): void {
    this.activity(v.regionId, v.at, (b) => {
      b.volunteerTenths += v.tenths;
      b.volunteerCheckins += 1;
    });
  }

  applyPartyReport(r: PartyReportRecord): void {
    this.activity(r.regionId, r.at, (b) => (b.partyReports += 1));
  }

  applyStationVisit(v: StationVisitRecord): void {
    this.activity(v.regionId, v.at, (b) => (b.stationVisits += 1));
  }

  private range(regionId: string, [from, to]: [number, number]): DayBucket[] {
    const m = this.days.get(regionId);
    if (!m) return [];
    const out: DayBucket[] = [];
    // Walk whichever is shorter: the window's days or the region's buckets.
    if (to - from + 1 <= m.size) {
      for (let d = from; d <= to; d++) {
        const b = m.get(d);
        if (b) out.push(b);
      }
    } else for (const [d, b] of m) if (d >= from && d <= to) out.push(b);
    return out;
  }

  window(regionId: string, w: WindowName): WindowMetrics {
    return sumBuckets(this.range(regionId, windowDays(w, this.now())));
  }

  windows(regionId: string): Record<WindowName, WindowMetrics> {
    return Object.fromEntries(WINDOWS.map((w) => [w, this.window(regionId, w)])) as Record<
      WindowName,
      WindowMetrics
    >;
  }

  /** Open and overdue problems per region, in one pass over the open set. */
  currentAll(): Map<string, CurrentMetrics> {
    const now = this.now();
    const out = new Map<string, CurrentMetrics>();
    for (const { lineage, dueAt } of this.open.values()) {
      for (const id of lineage) {
        let c = out.get(id);
        if (!c) out.set(id, (c = { open: 0, overdue: 0 }));
        c.open += 1;
        if (isOverdue(dueAt, null, now)) c.overdue += 1;
      }
    }
    return out;
  }

  current(regionId: string): CurrentMetrics {
    return this.currentAll().get(regionId) ?? { open: 0, overdue: 0 };
  }

  trend(regionId: string): DailyPoint[] {
    const today = dayNumber(this.now());
    const m = this.days.get(regionId);
    const out: DailyPoint[] = [];
    for (let d = today - 29; d <= today; d++) {
      const b = m?.get(d);
      out.push({ date: dayNumberToKey(d), reported: b?.reported ?? 0, solved: b?.solved ?? 0 });
    }
    return out;
  }

  brief(regionId: string, current?: CurrentMetrics): RegionBrief {
    const n: RateCounts = {
      reported: 0,
      reportedClosed: 0,
      solved: 0,
      solvedOnTime: 0,
      ratings: 0,
      satisfied: 0,
    };
    for (const b of this.range(regionId, windowDays('rolling30', this.now())))
      for (const k of RATE_COUNTS) n[k] += b[k];
    const { closureRate, satisfactionRate } = problemRates(n);
    const c = current ?? this.current(regionId);
    return {
      reported: n.reported,
      solved: n.solved,
      closureRate,
      satisfactionRate,
      open: c.open,
      overdue: c.overdue,
    };
  }

  /** Briefs for every region of the dataset (map colouring at any zoom). */
  briefs(ids: Iterable<string> = this.index.regions.keys()): Record<string, RegionBrief> {
    const current = this.currentAll();
    const out: Record<string, RegionBrief> = {};
    for (const id of ids) out[id] = this.brief(id, current.get(id) ?? { open: 0, overdue: 0 });
    return out;
  }

  /** Regions touched since the last call (what the hub needs to recompute). */
  takeDirty(): Set<string> {
    const d = this.dirty;
    this.dirty = new Set();
    return d;
  }

  /** Drops day buckets no window can reach any more (before Jan 1 and before 30 days ago). */
  prune(): void {
    const keep = Math.min(
      windowDays('year', this.now())[0],
      windowDays('rolling30', this.now())[0],
    );
    for (const m of this.days.values()) for (const d of m.keys()) if (d < keep) m.delete(d);
  }
}
