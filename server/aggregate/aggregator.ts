// The only place that knows how a metric is computed from stored facts. Incremental: every write
// touches the buckets of the days and regions it concerns (4 regions × ≤3 days), never a recount.
// Views are read by summing at most a year of day buckets for one region.
import { WINDOWS } from '../../shared/protocol';
import type {
  CurrentMetrics,
  DailyPoint,
  RegionBrief,
  WindowMetrics,
  WindowName,
} from '../../shared/protocol';
import { problemRates, type RateCounts } from '../metrics/rates';
import { dayNumber, dayNumberToKey, windowDays } from '../metrics/time';
import { addBucket, emptyBucket, sumBuckets, type DayBucket } from './day-bucket';
import { contributeActivity, contributeProblem } from './contribution';
import type { RegionIndex } from './region-index';
import { OpenSet, type OpenProblem } from './open-set';
import type {
  ActivityRecord,
  PartyReportRecord,
  ProblemRecord,
  StationVisitRecord,
  VolunteerRecord,
} from '../store/records';

/** Reads stored roll-up days `from`..`to` of one region (the store's table). */
export type OlderDays = (
  regionId: string,
  from: number,
  to: number,
  fn: (day: number, b: DayBucket) => void,
) => void;

/** What a briefing's frozen layer hears of the live figures after its moment (see as-of-layer). */
export interface AggregatorListener {
  /** A problem went from `prev` (undefined: new) to `next` (undefined: deleted). */
  problem(prev: ProblemRecord | undefined, next: ProblemRecord | undefined): void;
  /** sign -1: a stored record was deleted (a purge of simulated records). */
  activity(a: ActivityRecord, sign: 1 | -1): void;
  /** These day buckets are about to be dropped from memory (they stay in the roll-up tables). */
  pruning(keepFrom: number, dropped: ReadonlyMap<string, ReadonlyMap<number, DayBucket>>): void;
}

export class Aggregator {
  private readonly days = new Map<string, Map<number, DayBucket>>();
  /** Open problems: the only state that changes with the clock (overdue). */
  private readonly open = new OpenSet();
  private dirty = new Set<string>();
  private readonly listeners = new Set<AggregatorListener>();
  /**
   * A frozen layer reads `base` (the live figures) for days from `baseFrom` on, and holds its own
   * corrections on top; days before `baseFrom` it holds whole (loaded from the roll-ups).
   */
  private base: Aggregator | null = null;
  baseFrom = -Infinity;
  /**
   * Days a region holds in memory start at its floor; older days live only in the roll-up table
   * and are read on first use (a grid's year is needed only when someone looks at that grid).
   * Writes to days below the floor change only the table, which the later read picks up.
   */
  private readonly floors = new Map<string, number>();
  private defaultFloor = -Infinity;
  private older: OlderDays | null = null;
  private readonly scratch = emptyBucket();

  constructor(
    readonly index: RegionIndex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads `base` for days from `from` on under this aggregator's own buckets (frozen layers). */
  layerOver(base: Aggregator, from: number): void {
    this.base = base;
    this.baseFrom = from;
  }

  /** The bucket of a region's day, created on first use; the region is marked for the hub. */
  readonly bucket = (regionId: string, day: number): DayBucket => {
    this.dirty.add(regionId);
    if (day < (this.floors.get(regionId) ?? this.defaultFloor)) return this.scratch;
    let m = this.days.get(regionId);
    if (!m) this.days.set(regionId, (m = new Map<number, DayBucket>()));
    let b = m.get(day);
    if (!b) m.set(day, (b = emptyBucket()));
    return b;
  };

  /** Start-up: days before `floor` (per region, else `fallback`) are read from `older` on use. */
  loadLazily(older: OlderDays, floors: ReadonlyMap<string, number>, fallback: number): void {
    this.older = older;
    for (const [id, f] of floors) this.floors.set(id, f);
    this.defaultFloor = fallback;
  }

  /** Reads a region's stored days from `from` up to its floor into memory (see floors). */
  private reachBack(regionId: string, from: number): void {
    const floor = this.floors.get(regionId) ?? this.defaultFloor;
    if (!this.older || from >= floor) return;
    this.floors.set(regionId, from);
    this.older(regionId, from, floor - 1, (day, b) => this.loadBucket(regionId, day, b));
  }

  /** Start-up: one stored roll-up row (instead of recounting the rows behind it). */
  loadBucket(regionId: string, day: number, b: DayBucket): void {
    addBucket(this.bucket(regionId, day), b);
  }

  /** Start-up: an open problem, whose figures the loaded roll-ups hold already. */
  loadOpen(p: ProblemRecord): void {
    if (p.closedAt === null) this.open.set(p.id, this.openEntry(p));
  }

  private openEntry(p: ProblemRecord): OpenProblem {
    return { lineage: this.index.lineage(p.placeId), dueAt: p.dueAt, reportedAt: p.reportedAt };
  }

  /**
   * Takes over `fresh`'s figures, loaded again from the store (a node that missed other nodes'
   * changes); every region is marked for the hub. Listeners stay: a frozen layer reads the new
   * live figures from then on.
   */
  replaceWith(fresh: Aggregator): void {
    this.days.clear();
    for (const [id, m] of fresh.days) this.days.set(id, m);
    this.open.clear();
    for (const [id, e] of fresh.open) this.open.set(id, e);
    this.floors.clear();
    for (const [id, f] of fresh.floors) this.floors.set(id, f);
    this.defaultFloor = fresh.defaultFloor;
    this.older = fresh.older;
    for (const id of this.index.regions.keys()) this.dirty.add(id);
  }

  listen(l: AggregatorListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private contribute(p: ProblemRecord, sign: 1 | -1): void {
    contributeProblem(this.index.lineage(p.placeId), p, sign, this.bucket);
  }

  /** A problem was created (prev undefined) or moved on: take back its old state, add the new. */
  applyProblem(prev: ProblemRecord | undefined, next: ProblemRecord): void {
    this.applyProblemAs(prev, next, next);
  }

  /**
   * As applyProblem or removeProblem, for a change that may arrive out of its order (another
   * node's): the sums take -prev +next whatever the order, but whether the problem is open
   * follows `latest`, the newest state known of it (undefined: it is gone).
   */
  applyProblemAs(
    prev: ProblemRecord | undefined,
    next: ProblemRecord | undefined,
    latest: ProblemRecord | undefined,
  ): void {
    if (prev) this.contribute(prev, -1);
    if (next) this.contribute(next, 1);
    const id = (next ?? prev)!.id;
    if (latest && latest.closedAt === null) this.open.set(id, this.openEntry(latest));
    else this.open.delete(id);
    for (const l of this.listeners) l.problem(prev, next);
  }

  /** A stored problem was deleted (an undone import): take back exactly what it added. */
  removeProblem(p: ProblemRecord): void {
    this.applyProblemAs(p, undefined, undefined);
  }

  /** An activity record stored (sign 1) or deleted (sign -1). */
  activity(a: ActivityRecord, sign: 1 | -1 = 1): void {
    contributeActivity(this.index.lineage(a.record.regionId), a, sign, this.bucket);
    for (const l of this.listeners) l.activity(a, sign);
  }

  applyVolunteer(v: VolunteerRecord): void {
    this.activity({ kind: 'volunteer', record: v });
  }

  applyPartyReport(r: PartyReportRecord): void {
    this.activity({ kind: 'party', record: r });
  }

  applyStationVisit(v: StationVisitRecord): void {
    this.activity({ kind: 'visit', record: v });
  }

  /** The first day any window can reach now: buckets before it are pruned from memory. */
  reach(): number {
    const today = dayNumber(this.now());
    if (today !== this.reachOf[0]) this.reachOf = [today, reachFrom(this.now())];
    return this.reachOf[1];
  }
  /** [today, reach] of the last reach() (it formats dates: asked once per region per view). */
  private reachOf: [number, number] = [NaN, 0];

  /** Copies `from`'s open problems reported by `at`, except `skip` (a frozen layer's start). */
  copyOpen(from: Aggregator, at: number, skip: ReadonlySet<string>): void {
    for (const [id, e] of from.open) if (e.reportedAt <= at && !skip.has(id)) this.open.set(id, e);
  }

  /** A frozen layer's open set: the problems open at its moment. */
  setOpen(p: ProblemRecord): void {
    this.open.set(p.id, this.openEntry(p));
  }

  /**
   * The buckets of the days `from`..`to`: a layer's own and the ones it reads through, together.
   * A write changes a day's two at once (the layer takes back what the live figures gain), so a
   * sum taken a span of days at a time, writes landing between spans, still adds every day as it
   * stood at the layer's moment.
   */
  bucketsOf(regionId: string, [from, to]: [number, number]): DayBucket[] {
    if (this.older) this.reachBack(regionId, Math.max(from, this.reach()));
    const out = this.base ? this.base.bucketsOf(regionId, [Math.max(from, this.baseFrom), to]) : [];
    const m = this.days.get(regionId);
    if (!m) return out;
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
    return sumBuckets(this.bucketsOf(regionId, this.windowSpan(w)));
  }

  /** A window's first and last day, now. */
  windowSpan(w: WindowName): [number, number] {
    return windowDays(w, this.now());
  }

  windows(regionId: string): Record<WindowName, WindowMetrics> {
    return Object.fromEntries(WINDOWS.map((w) => [w, this.window(regionId, w)])) as Record<
      WindowName,
      WindowMetrics
    >;
  }

  /** Open and overdue problems per region (kept up by the open set, not counted per call). */
  currentAll(): Map<string, CurrentMetrics> {
    return this.open.counts(this.now());
  }

  current(regionId: string): CurrentMetrics {
    return currentIn(this.currentAll(), regionId);
  }

  trend(regionId: string): DailyPoint[] {
    const today = dayNumber(this.now());
    const m = this.days.get(regionId);
    const out: DailyPoint[] = [];
    this.reachBack(regionId, today - 29);
    this.base?.reachBack(regionId, Math.max(today - 29, this.baseFrom));
    const base = this.base?.days.get(regionId);
    for (let d = today - 29; d <= today; d++) {
      const b = m?.get(d);
      const u = d >= this.baseFrom ? base?.get(d) : undefined;
      out.push({
        date: dayNumberToKey(d),
        reported: (b?.reported ?? 0) + (u?.reported ?? 0),
        solved: (b?.solved ?? 0) + (u?.solved ?? 0),
      });
    }
    return out;
  }

  /** The rolling-30-day counts behind a region's rates. */
  private counts(regionId: string): RateCounts {
    const n: RateCounts = {
      reported: 0,
      reportedClosed: 0,
      solved: 0,
      solvedOnTime: 0,
      ratings: 0,
      satisfied: 0,
    };
    for (const b of this.bucketsOf(regionId, windowDays('rolling30', this.now()))) {
      n.reported += b.reported;
      n.reportedClosed += b.reportedClosed;
      n.solved += b.solved;
      n.solvedOnTime += b.solvedOnTime;
      n.ratings += b.ratings;
      n.satisfied += b.satisfied;
    }
    return n;
  }

  brief(regionId: string, current?: CurrentMetrics): RegionBrief {
    return briefOf(this.counts(regionId), current ?? this.current(regionId));
  }

  /**
   * A community's problems placed in no grid (未落网格): the community's counts less its grids'.
   * A problem counts into exactly one grid or into none (its lineage starts at its place), so the
   * difference is exactly those problems, and grids + this = the community, figure by figure.
   */
  unplacedBrief(
    communityId: string,
    currentAll: ReadonlyMap<string, CurrentMetrics> = this.currentAll(),
  ): RegionBrief {
    const n = this.counts(communityId);
    const c = currentIn(currentAll, communityId);
    for (const g of this.index.children(communityId)) {
      if (g.level !== 'grid') continue;
      const m = this.counts(g.id);
      for (const k of Object.keys(n) as Array<keyof RateCounts>) n[k] -= m[k];
      const gc = currentAll.get(g.id);
      c.open -= gc?.open ?? 0;
      c.overdue -= gc?.overdue ?? 0;
    }
    return briefOf(n, c);
  }

  /** Briefs for every region of the dataset (map colouring at any zoom). */
  briefs(
    ids: Iterable<string> = this.index.regions.keys(),
    current: ReadonlyMap<string, CurrentMetrics> = this.currentAll(),
  ): Record<string, RegionBrief> {
    const out: Record<string, RegionBrief> = {};
    for (const id of ids) out[id] = this.brief(id, currentIn(current, id));
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
    const keep = reachFrom(this.now());
    const dropped = new Map<string, Map<number, DayBucket>>();
    for (const [id, m] of this.days)
      for (const [d, b] of m)
        if (d < keep) {
          let r = dropped.get(id);
          if (!r) dropped.set(id, (r = new Map<number, DayBucket>()));
          r.set(d, b);
        }
    if (dropped.size === 0) return;
    for (const l of this.listeners) l.pruning(keep, dropped);
    for (const [id, r] of dropped) for (const d of r.keys()) this.days.get(id)!.delete(d);
  }
}

/** A region's open and overdue counts from currentAll(): a region with none open is absent there. */
export function currentIn(all: ReadonlyMap<string, CurrentMetrics>, id: string): CurrentMetrics {
  const c = all.get(id);
  return c ? { ...c } : { open: 0, overdue: 0 };
}

function briefOf(n: RateCounts, c: CurrentMetrics): RegionBrief {
  const { closureRate, satisfactionRate } = problemRates(n);
  return {
    reported: n.reported,
    solved: n.solved,
    closureRate,
    satisfactionRate,
    open: c.open,
    overdue: c.overdue,
  };
}

/** The first day any window can reach at `now` (Jan 1, or 30 days back in January). */
export function reachFrom(now: number): number {
  return Math.min(windowDays('year', now)[0], windowDays('rolling30', now)[0]);
}
