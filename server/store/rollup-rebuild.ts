// Counting every stored row into day buckets: rebuilds the roll-up table once, when a file written
// before roll-ups existed is opened or the region tree changed (a migration, before the server
// listens), and is what the roll-up check compares the table with (in a worker thread).
import { contributeActivity, contributeProblem } from '../aggregate/contribution';
import {
  addBucket,
  decodeBucket,
  emptyBucket,
  isEncodingOf,
  sameBucket,
  type DayBucket,
} from '../aggregate/day-bucket';
import type {
  ActivityRecord,
  PartyReportRecord,
  ProblemFacts,
  Promised,
  StationVisitRecord,
  Store,
  SyncStore,
  VolunteerRecord,
} from './records';
import type { RollupRegions } from './rollup-deltas';
import type { DeltaMap } from './delta-map';
import type { RollupTable } from './sqlite-rollups';

/** The rows a count reads; of a problem only its facts (any ProblemRecord is one). */
export type RowSource = Pick<
  SyncStore,
  'eachVolunteer' | 'eachPartyReport' | 'eachStationVisit'
> & {
  eachProblem(fn: (p: ProblemFacts) => void): void;
  /** Activity already counted into groups of identical rows, when the store can (then used). */
  eachActivityGroup?(fn: (a: ActivityRecord, n: number) => void): void;
};

/**
 * Day buckets and the one way each stored row adds to them (sync and async readers share it).
 * A row is counted into its own place only; spreading() then adds each place's buckets to every
 * region of its lineage, which is what counting the row into each of them gives (contribution.ts
 * adds the same to every region of the lineage): a fourth of the work on a four-level tree.
 */
function rowCounter() {
  const places: DeltaMap = new Map();
  // A problem adds to up to three days of one place: its day map is looked up once.
  let lastId = '';
  let lastDays = new Map<number, DayBucket>();
  const bucket = (id: string, day: number) => {
    if (id !== lastId) {
      let days = places.get(id);
      if (!days) places.set(id, (days = new Map<number, DayBucket>()));
      lastId = id;
      lastDays = days;
    }
    let b = lastDays.get(day);
    if (!b) lastDays.set(day, (b = emptyBucket()));
    return b;
  };
  // The one-region lineage a row is counted with (contribute* read it, never keep it).
  const one = [''];
  const at = (id: string) => {
    one[0] = id;
    return one;
  };
  return {
    places,
    problem: (p: ProblemFacts) => contributeProblem(at(p.placeId), p, 1, bucket),
    volunteer: (v: VolunteerRecord) =>
      contributeActivity(at(v.regionId), { kind: 'volunteer', record: v }, 1, bucket),
    party: (r: PartyReportRecord) =>
      contributeActivity(at(r.regionId), { kind: 'party', record: r }, 1, bucket),
    visit: (v: StationVisitRecord) =>
      contributeActivity(at(v.regionId), { kind: 'visit', record: v }, 1, bucket),
    group: (a: ActivityRecord, n: number) =>
      contributeActivity(at(a.record.regionId), a, n, bucket),
  };
}

/** Buckets added between two turns of the event loop in countRowsOf. */
const SPREAD_PER_TURN = 2_000;

function daysOf(m: DeltaMap, id: string): Map<number, DayBucket> {
  let days = m.get(id);
  if (!days) m.set(id, (days = new Map<number, DayBucket>()));
  return days;
}

function* adding(into: Map<number, DayBucket>, from: Map<number, DayBucket>, n: { added: number }) {
  for (const [day, b] of from) {
    if (++n.added % SPREAD_PER_TURN === 0) yield;
    let t = into.get(day);
    if (!t) into.set(day, (t = emptyBucket()));
    addBucket(t, b);
  }
}

/** Whether every place's lineage is itself, then its parent's lineage (a tree, as the index's is). */
function isTree(places: Iterable<string>, lineage: (id: string) => readonly string[]): boolean {
  for (const p of places) {
    const l = lineage(p);
    if (l.length > 0 && l[0] !== p) return false;
    for (let i = 1; i < l.length; i++) {
      const up = lineage(l[i]!);
      if (up.length !== l.length - i || up.some((id, j) => id !== l[i + j])) return false;
    }
  }
  return true;
}

/**
 * Each place's buckets added to every region of its lineage (pausing now and then). On a tree,
 * bottom-up: a region's sums go into its parent once, after its children's went into it, and a
 * place's buckets are its region's own, not copies (a city's year: ~0.4 M additions, not 1.5 M).
 */
function* spreading(places: DeltaMap, regions: RollupRegions): Generator<void, DeltaMap> {
  const lineage = (id: string) => regions.lineage(id);
  const all: DeltaMap = new Map();
  const n = { added: 0 };
  if (!isTree(places.keys(), lineage)) {
    for (const [place, days] of places)
      for (const id of lineage(place)) yield* adding(daysOf(all, id), days, n);
    return all;
  }
  const ids = new Set<string>();
  for (const [place, days] of places) {
    if (lineage(place).length === 0) continue; // a place outside the tree counts nowhere
    all.set(place, days);
    for (const id of lineage(place)) ids.add(id);
  }
  const deepestFirst = [...ids].sort((a, b) => lineage(b).length - lineage(a).length);
  for (const id of deepestFirst) {
    const parent = lineage(id)[1];
    const days = all.get(id);
    if (parent !== undefined && days) yield* adding(daysOf(all, parent), days, n);
  }
  return all;
}

function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

async function finishOf<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((turn) => setImmediate(turn));
  }
}

export function countRows(rows: RowSource, regions: RollupRegions): DeltaMap {
  const c = rowCounter();
  rows.eachProblem(c.problem);
  if (rows.eachActivityGroup) rows.eachActivityGroup(c.group);
  else {
    rows.eachVolunteer(0, c.volunteer);
    rows.eachPartyReport(0, c.party);
    rows.eachStationVisit(0, c.visit);
  }
  return finish(spreading(c.places, regions));
}

/** countRows through the async store (an in-memory database has no file for the worker). */
export async function countRowsOf(rows: Promised<RowSource>, regions: RollupRegions) {
  const c = rowCounter();
  await rows.eachProblem(c.problem);
  await rows.eachVolunteer(0, c.volunteer);
  await rows.eachPartyReport(0, c.party);
  await rows.eachStationVisit(0, c.visit);
  return finishOf(spreading(c.places, regions));
}

export function rebuildRollups(rows: RowSource, table: RollupTable, regions: RollupRegions): void {
  const all = countRows(rows, regions);
  table.clear();
  table.write(all);
}

const ALL_DAYS = [-(2 ** 31), 2 ** 31 - 1] as const;

function rollupCollector() {
  const stored: DeltaMap = new Map();
  const add = (id: string, day: number, b: DayBucket) => {
    let days = stored.get(id);
    if (!days) stored.set(id, (days = new Map<number, DayBucket>()));
    days.set(day, b);
  };
  return { stored, add };
}

export async function storedRollupsOf(src: Pick<Store, 'eachRollup'>): Promise<DeltaMap> {
  const c = rollupCollector();
  await src.eachRollup(...ALL_DAYS, c.add);
  return c.stored;
}

type Compared = { differing: string[]; buckets: number };
/** Buckets compared between two turns of the event loop in compareCountsOf. */
const BUCKETS_PER_TURN = 2_000;

/** The comparison, pausing (yield) after every BUCKETS_PER_TURN buckets; returns its result. */
function* comparing(a: DeltaMap, b: DeltaMap): Generator<void, Compared> {
  const EMPTY = emptyBucket();
  const differing = new Set<string>();
  let buckets = 0;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    for (const [id, days] of x)
      for (const [day, bx] of days) {
        if (++buckets % BUCKETS_PER_TURN === 0) yield;
        if (!sameBucket(bx, y.get(id)?.get(day) ?? EMPTY)) differing.add(id);
      }
  return { differing: [...differing].sort(), buckets };
}

/** Regions where the two counts differ on any day (sorted), and how many buckets were compared. */
export function compareCounts(a: DeltaMap, b: DeltaMap): Compared {
  return finish(comparing(a, b));
}

/**
 * The same on the main thread (PostgreSQL, an in-memory database): a year of a city's regions
 * is hundreds of thousands of buckets, seconds of work, so the event loop runs between slices.
 */
export function compareCountsOf(a: DeltaMap, b: DeltaMap): Promise<Compared> {
  return finishOf(comparing(a, b));
}

/**
 * compareCounts(counted, stored rows) as the stored rows stream by (the worker's way): a stored
 * row's text is compared in place with the counted bucket, not parsed into a bucket first; one
 * not in encodeBucket's exact form is parsed and compared as counts, as compareCounts would.
 */
export function compareStored(
  counted: DeltaMap,
  eachStored: (fn: (id: string, day: number, counts: string) => void) => void,
): Compared {
  const EMPTY = emptyBucket();
  const differing = new Set<string>();
  // The days each region has a stored row for: sets of day numbers, not one set of the counted
  // buckets (hashing half a million objects was a tenth of the check).
  const stored = new Map<string, Set<number>>();
  let buckets = 0;
  // Rows come in the table's key order, a region's days together: its lookups are made once
  // (any order gives the same answer).
  let lastId: string | null = null;
  let days: Map<number, DayBucket> | undefined;
  let seen = new Set<number>();
  eachStored((id, day, counts) => {
    buckets++;
    if (id !== lastId) {
      lastId = id;
      days = counted.get(id);
      let s = stored.get(id);
      if (!s) stored.set(id, (s = new Set()));
      seen = s;
    }
    seen.add(day);
    const b = days?.get(day) ?? EMPTY;
    if (!isEncodingOf(counts, b) && !sameBucket(b, decodeBucket(JSON.parse(counts) as number[])))
      differing.add(id);
  });
  for (const [id, days] of counted) {
    const s = stored.get(id);
    for (const [day, b] of days) {
      buckets++;
      if (!s?.has(day) && !sameBucket(b, EMPTY)) differing.add(id);
    }
  }
  return { differing: [...differing].sort(), buckets };
}
