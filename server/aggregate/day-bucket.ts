// One region's counters for one local day. A problem contributes to the bucket of the day it was
// reported (reported, mix, tier, "closed of those reported"), of the day it closed (solved,
// on time, handling time) and of the day it was rated. Contributions are added with sign +1 and
// taken back with -1, so an update is "remove the old state, add the new" and a full recount is
// "add everything": one code path, identical numbers.
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, RESPONSE_TIERS } from '../../shared/protocol';
import type { WindowMetrics } from '../../shared/protocol';
import { HIST_BINS, medianFromHistogram } from '../metrics/handling-histogram';
import { problemRates, type RateCounts } from '../metrics/rates';

/** A day's rate counts (of the problems reported this day, `reportedClosed` are closed by now). */
export interface DayBucket extends RateCounts {
  tiers: number[];
  categories: number[];
  sources: number[];
  volunteerTenths: number;
  volunteerCheckins: number;
  partyReports: number;
  stationVisits: number;
  /** Sparse histogram of handling hours (bin → count) of problems closed this day. */
  hist: Map<number, number>;
}

// Array literals, one zero per entry of RESPONSE_TIERS, PROBLEM_CATEGORIES and PROBLEM_SOURCES
// (a unit test holds them to the lists' lengths): a literal is made from its boilerplate, and V8
// may allocate it straight into the old generation once it sees such arrays live long. A count of
// a city's year makes ~0.5 M buckets; copies of zero lists took a third more time.
export function emptyBucket(): DayBucket {
  return {
    reported: 0,
    reportedClosed: 0,
    solved: 0,
    solvedOnTime: 0,
    ratings: 0,
    satisfied: 0,
    tiers: [0, 0, 0, 0],
    categories: [0, 0, 0, 0, 0, 0, 0, 0],
    sources: [0, 0, 0, 0, 0],
    volunteerTenths: 0,
    volunteerCheckins: 0,
    partyReports: 0,
    stationVisits: 0,
    hist: new Map(),
  };
}

export function addHist(b: DayBucket, bin: number, sign: number): void {
  const c = (b.hist.get(bin) ?? 0) + sign;
  if (c === 0) b.hist.delete(bin);
  else b.hist.set(bin, c);
}

const toRecord = <K extends string>(keys: readonly K[], values: number[]): Record<K, number> =>
  Object.fromEntries(keys.map((k, i) => [k, values[i] ?? 0])) as Record<K, number>;

/**
 * A window's running sum, one day's bucket at a time: a caller that must keep the event loop free
 * (a briefing's frozen view: a year of the district's days, each with up to HIST_BINS bins) adds
 * them in slices; sumBuckets adds them all at once.
 */
export class BucketSum {
  private readonly t = emptyBucket();
  private readonly hist = new Float64Array(HIST_BINS);

  add(b: DayBucket): void {
    const t = this.t;
    t.reported += b.reported;
    t.reportedClosed += b.reportedClosed;
    t.solved += b.solved;
    t.solvedOnTime += b.solvedOnTime;
    t.ratings += b.ratings;
    t.satisfied += b.satisfied;
    t.volunteerTenths += b.volunteerTenths;
    t.volunteerCheckins += b.volunteerCheckins;
    t.partyReports += b.partyReports;
    t.stationVisits += b.stationVisits;
    for (let i = 0; i < t.tiers.length; i++) t.tiers[i]! += b.tiers[i]!;
    for (let i = 0; i < t.categories.length; i++) t.categories[i]! += b.categories[i]!;
    for (let i = 0; i < t.sources.length; i++) t.sources[i]! += b.sources[i]!;
    for (const [bin, c] of b.hist) this.hist[bin]! += c;
  }

  metrics(): WindowMetrics {
    const t = this.t;
    return {
      reported: t.reported,
      solved: t.solved,
      ...problemRates(t),
      medianHandlingHours: medianFromHistogram(this.hist),
      ratings: t.ratings,
      tiers: toRecord(RESPONSE_TIERS, t.tiers),
      categories: toRecord(PROBLEM_CATEGORIES, t.categories),
      sources: toRecord(PROBLEM_SOURCES, t.sources),
      volunteerHours: t.volunteerTenths / 10,
      volunteerCheckins: t.volunteerCheckins,
      partyReports: t.partyReports,
      stationVisits: t.stationVisits,
    };
  }
}

/** The window's metrics from the buckets of its days (missing days count as empty). */
export function sumBuckets(buckets: Iterable<DayBucket>): WindowMetrics {
  const sum = new BucketSum();
  for (const b of buckets) sum.add(b);
  return sum.metrics();
}

/** Adds `from` into `into`, times `sign`: merging a transaction's deltas, or taking them back. */
export function addBucket(into: DayBucket, from: DayBucket, sign = 1): void {
  into.reported += sign * from.reported;
  into.reportedClosed += sign * from.reportedClosed;
  into.solved += sign * from.solved;
  into.solvedOnTime += sign * from.solvedOnTime;
  into.ratings += sign * from.ratings;
  into.satisfied += sign * from.satisfied;
  into.volunteerTenths += sign * from.volunteerTenths;
  into.volunteerCheckins += sign * from.volunteerCheckins;
  into.partyReports += sign * from.partyReports;
  into.stationVisits += sign * from.stationVisits;
  for (let i = 0; i < into.tiers.length; i++) into.tiers[i]! += sign * from.tiers[i]!;
  for (let i = 0; i < into.categories.length; i++)
    into.categories[i]! += sign * from.categories[i]!;
  for (let i = 0; i < into.sources.length; i++) into.sources[i]! += sign * from.sources[i]!;
  // Inline, not addHist per bin: the roll-up check's sums up the region tree add ~1M bins.
  const hist = into.hist;
  for (const [bin, c] of from.hist) {
    const sum = (hist.get(bin) ?? 0) + sign * c;
    if (sum === 0) hist.delete(bin);
    else hist.set(bin, sum);
  }
}

/** Whether two buckets hold the same counts (what equal encodeBucket arrays say, without them). */
export function sameBucket(a: DayBucket, b: DayBucket): boolean {
  // Field by field, not through SCALARS: a keyed read per field was most of this loop's time.
  if (
    a.reported !== b.reported ||
    a.reportedClosed !== b.reportedClosed ||
    a.solved !== b.solved ||
    a.solvedOnTime !== b.solvedOnTime ||
    a.ratings !== b.ratings ||
    a.satisfied !== b.satisfied ||
    a.volunteerTenths !== b.volunteerTenths ||
    a.volunteerCheckins !== b.volunteerCheckins ||
    a.partyReports !== b.partyReports ||
    a.stationVisits !== b.stationVisits ||
    !sameList(a.tiers, b.tiers) ||
    !sameList(a.categories, b.categories) ||
    !sameList(a.sources, b.sources) ||
    a.hist.size !== b.hist.size
  )
    return false;
  for (const [bin, c] of a.hist) if (b.hist.get(bin) !== c) return false;
  return true;
}

function sameList(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** A bucket's counters, in their stored order (the histograms and tier list come after). */
export const SCALARS = [
  'reported',
  'reportedClosed',
  'solved',
  'solvedOnTime',
  'ratings',
  'satisfied',
  'volunteerTenths',
  'volunteerCheckins',
  'partyReports',
  'stationVisits',
] as const;

/**
 * A bucket as one flat array of integers, the roll-up tables' column: scalars, tiers, categories,
 * sources, then the sparse histogram as bin/count pairs. The layout depends on the protocol's
 * lists; a change of them changes ROLLUP_LAYOUT, and the store rebuilds its roll-ups.
 */
export function encodeBucket(b: DayBucket): number[] {
  const out: number[] = SCALARS.map((k) => b[k]);
  out.push(...b.tiers, ...b.categories, ...b.sources);
  for (const [bin, c] of [...b.hist].sort((x, y) => x[0] - y[0])) out.push(bin, c);
  return out;
}

/** Counters before the histogram's (bin, count) pairs in an encoded bucket. */
const FIXED =
  SCALARS.length + RESPONSE_TIERS.length + PROBLEM_CATEGORIES.length + PROBLEM_SOURCES.length;

/**
 * encodeBucket of the sum of two encoded buckets, without decoding them (a stored roll-up row
 * plus a transaction's delta, once per upsert): the counters add up, and the histograms' sorted
 * pairs merge, a bin whose count sums to zero left out as addHist leaves it out.
 */
export function addEncoded(a: readonly number[], b: readonly number[]): number[] {
  const out = a.slice(0, FIXED);
  for (let i = 0; i < FIXED; i++) out[i]! += b[i]!;
  let i = FIXED;
  let j = FIXED;
  while (i + 1 < a.length || j + 1 < b.length) {
    const fromA = j + 1 >= b.length || (i + 1 < a.length && a[i]! < b[j]!);
    const fromB = !fromA && (i + 1 >= a.length || b[j]! < a[i]!);
    if (fromA) {
      out.push(a[i]!, a[i + 1]!);
      i += 2;
    } else if (fromB) {
      out.push(b[j]!, b[j + 1]!);
      j += 2;
    } else {
      const c = a[i + 1]! + b[j + 1]!;
      if (c !== 0) out.push(a[i]!, c);
      i += 2;
      j += 2;
    }
  }
  return out;
}

export function decodeBucket(a: readonly number[]): DayBucket {
  const b = emptyBucket();
  let i = 0;
  for (const k of SCALARS) b[k] = a[i++]!;
  for (const list of [b.tiers, b.categories, b.sources])
    for (let j = 0; j < list.length; j++) list[j] = a[i++]!;
  for (; i + 1 < a.length; i += 2) b.hist.set(a[i]!, a[i + 1]!);
  return b;
}

/** isEncodingOf's copy of a bucket's counters before its histogram, in their stored order. */
const fixedOf: number[] = [];

/**
 * Whether `text` (a stored row's column) is exactly JSON.stringify(encodeBucket(b)): read in
 * place, nothing parsed or built (the roll-up check reads half a million rows; JSON.parse and its
 * arrays were most of the comparison). false also for text not in that exact form (a space, a
 * leading zero, bins out of order): the caller then parses it and compares the counts to be sure.
 * One loop over the characters with local state: a reader function per number was twice as slow.
 */
export function isEncodingOf(text: string, b: DayBucket): boolean {
  const fixed = fixedOf;
  let f = 0;
  fixed[f++] = b.reported;
  fixed[f++] = b.reportedClosed;
  fixed[f++] = b.solved;
  fixed[f++] = b.solvedOnTime;
  fixed[f++] = b.ratings;
  fixed[f++] = b.satisfied;
  fixed[f++] = b.volunteerTenths;
  fixed[f++] = b.volunteerCheckins;
  fixed[f++] = b.partyReports;
  fixed[f++] = b.stationVisits;
  for (let j = 0; j < b.tiers.length; j++) fixed[f++] = b.tiers[j]!;
  for (let j = 0; j < b.categories.length; j++) fixed[f++] = b.categories[j]!;
  for (let j = 0; j < b.sources.length; j++) fixed[f++] = b.sources[j]!;
  const total = f + 2 * b.hist.size;
  if (text.charCodeAt(0) !== 91) return false; // [
  let bin = 0;
  let prevBin = -Infinity;
  for (let i = 1, k = 0; ; k++) {
    // One integer as JSON.stringify writes it: '-' or no sign, no leading zero, no -0; at most
    // 15 digits, so the sum is exact.
    let c = text.charCodeAt(i);
    const negative = c === 45; // -
    if (negative) c = text.charCodeAt(++i);
    const start = i;
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + c - 48;
      c = text.charCodeAt(++i);
    }
    const digits = i - start;
    if (digits === 0 || digits > 15 || (text.charCodeAt(start) === 48 && (digits > 1 || negative)))
      return false;
    if (negative) v = -v;
    if (k < f) {
      if (v !== fixed[k]) return false;
    } else if ((k - f) % 2 === 0) {
      // encodeBucket writes bins in increasing order, so none can repeat.
      if (!(v > prevBin)) return false;
      prevBin = bin = v;
    } else if (b.hist.get(bin) !== v) return false;
    if (c === 93) return k === total - 1 && i === text.length - 1; // ]
    if (c !== 44 || k >= total - 1) return false; // ,
    i++;
  }
}

/** Identifies the encoding above: stored with the roll-ups, checked at start. */
export const ROLLUP_LAYOUT = [
  SCALARS.join(','),
  RESPONSE_TIERS.join(','),
  PROBLEM_CATEGORIES.join(','),
  PROBLEM_SOURCES.join(','),
].join('|');
