// What one stored fact adds to the day buckets: the one rule shared by the in-memory aggregator,
// the roll-up tables the store keeps in the same transaction as each write, and the as-of layers
// of a briefing. A fact is added with sign +1 and taken back with -1, so "remove the old state,
// add the new" is an update and "add everything" is a recount: identical numbers by construction.
// Every region of the lineage gets the same contribution, so a count may add a row to its own
// place only and add that place's buckets to its ancestors afterwards (rollup-rebuild.ts).
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, RESPONSE_TIERS } from '../../shared/protocol';
import { binOf } from '../metrics/handling-histogram';
import { isOnTime } from '../metrics/due';
import { isSatisfied } from '../metrics/rates';
import { dayNumber } from '../metrics/time';
import { addHist, type DayBucket } from './day-bucket';
import type { ActivityRecord, ProblemFacts } from '../store/records';

/** The bucket of one region and local day, created empty on first use. */
export type BucketAt = (regionId: string, day: number) => DayBucket;

export function contributeProblem(
  lineage: readonly string[],
  p: ProblemFacts,
  sign: 1 | -1,
  bucket: BucketAt,
): void {
  const reportDay = dayNumber(p.reportedAt);
  const cat = PROBLEM_CATEGORIES.indexOf(p.category);
  const src = PROBLEM_SOURCES.indexOf(p.source);
  const tier = p.tier ? RESPONSE_TIERS.indexOf(p.tier) : -1;
  const closeDay = p.closedAt === null ? 0 : dayNumber(p.closedAt);
  const rateDay = p.rating !== null && p.ratedAt !== null ? dayNumber(p.ratedAt) : 0;
  for (const id of lineage) {
    const r = bucket(id, reportDay);
    r.reported += sign;
    r.categories[cat]! += sign;
    r.sources[src]! += sign;
    if (tier >= 0) r.tiers[tier]! += sign;
    if (p.closedAt !== null) {
      r.reportedClosed += sign;
      const c = bucket(id, closeDay);
      c.solved += sign;
      if (isOnTime(p.dueAt, p.closedAt)) c.solvedOnTime += sign;
      addHist(c, binOf((p.closedAt - p.reportedAt) / 3600_000), sign);
    }
    if (p.rating !== null && p.ratedAt !== null) {
      const rt = bucket(id, rateDay);
      rt.ratings += sign;
      if (isSatisfied(p.rating)) rt.satisfied += sign;
    }
  }
}

/** `sign` may be any count: +n adds n facts identical to `a` (a count grouped in SQL), -n takes them back. */
export function contributeActivity(
  lineage: readonly string[],
  a: ActivityRecord,
  sign: number,
  bucket: BucketAt,
): void {
  const day = dayNumber(a.record.at);
  for (const id of lineage) {
    const b = bucket(id, day);
    if (a.kind === 'volunteer') {
      b.volunteerTenths += sign * a.record.tenths;
      b.volunteerCheckins += sign;
    } else if (a.kind === 'party') b.partyReports += sign;
    else b.stationVisits += sign;
  }
}
