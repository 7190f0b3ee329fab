// Counting every stored row into day buckets: rebuilds the roll-up table once, when a file written
// before roll-ups existed is opened or the region tree changed (a migration, before the server
// listens), and is what the roll-up check compares the table with (in a worker thread).
import { contributeActivity, contributeProblem } from '../aggregate/contribution';
import { emptyBucket, encodeBucket, type DayBucket } from '../aggregate/day-bucket';
import type {
  PartyReportRecord,
  ProblemRecord,
  Promised,
  StationVisitRecord,
  Store,
  SyncStore,
  VolunteerRecord,
} from './records';
import type { RollupRegions } from './rollup-deltas';
import { bucketIn, type DeltaMap } from './delta-map';
import type { RollupTable } from './sqlite-rollups';

export type RowSource = Pick<
  SyncStore,
  'eachProblem' | 'eachVolunteer' | 'eachPartyReport' | 'eachStationVisit'
>;

/** Day buckets and the one way each stored row adds to them (sync and async readers share it). */
function rowCounter(regions: RollupRegions) {
  const all: DeltaMap = new Map();
  const bucket = (id: string, day: number) => bucketIn(all, id, day);
  const lin = (id: string) => regions.lineage(id);
  return {
    all,
    problem: (p: ProblemRecord) => contributeProblem(lin(p.placeId), p, 1, bucket),
    volunteer: (v: VolunteerRecord) =>
      contributeActivity(lin(v.regionId), { kind: 'volunteer', record: v }, 1, bucket),
    party: (r: PartyReportRecord) =>
      contributeActivity(lin(r.regionId), { kind: 'party', record: r }, 1, bucket),
    visit: (v: StationVisitRecord) =>
      contributeActivity(lin(v.regionId), { kind: 'visit', record: v }, 1, bucket),
  };
}

export function countRows(rows: RowSource, regions: RollupRegions): DeltaMap {
  const c = rowCounter(regions);
  rows.eachProblem(c.problem);
  rows.eachVolunteer(0, c.volunteer);
  rows.eachPartyReport(0, c.party);
  rows.eachStationVisit(0, c.visit);
  return c.all;
}

/** countRows through the async store (an in-memory database has no file for the worker). */
export async function countRowsOf(rows: Promised<RowSource>, regions: RollupRegions) {
  const c = rowCounter(regions);
  await rows.eachProblem(c.problem);
  await rows.eachVolunteer(0, c.volunteer);
  await rows.eachPartyReport(0, c.party);
  await rows.eachStationVisit(0, c.visit);
  return c.all;
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

export function storedRollups(src: Pick<SyncStore, 'eachRollup'>): DeltaMap {
  const c = rollupCollector();
  src.eachRollup(...ALL_DAYS, c.add);
  return c.stored;
}

export async function storedRollupsOf(src: Pick<Store, 'eachRollup'>): Promise<DeltaMap> {
  const c = rollupCollector();
  await src.eachRollup(...ALL_DAYS, c.add);
  return c.stored;
}

type Compared = { differing: string[]; buckets: number };
/** Buckets compared between two turns of the event loop in compareCountsOf (~12 ms of work). */
const BUCKETS_PER_TURN = 2_000;

/** The comparison, pausing (yield) after every BUCKETS_PER_TURN buckets; returns its result. */
function* comparing(a: DeltaMap, b: DeltaMap): Generator<void, Compared> {
  const EMPTY = JSON.stringify(encodeBucket(emptyBucket()));
  const differing = new Set<string>();
  let buckets = 0;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    for (const [id, days] of x)
      for (const [day, bx] of days) {
        if (++buckets % BUCKETS_PER_TURN === 0) yield;
        const by = y.get(id)?.get(day);
        if (JSON.stringify(encodeBucket(bx)) !== (by ? JSON.stringify(encodeBucket(by)) : EMPTY))
          differing.add(id);
      }
  return { differing: [...differing].sort(), buckets };
}

/** Regions where the two counts differ on any day (sorted), and how many buckets were compared. */
export function compareCounts(a: DeltaMap, b: DeltaMap): Compared {
  const steps = comparing(a, b);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same on the main thread (PostgreSQL, an in-memory database): a year of a city's regions
 * is hundreds of thousands of buckets, seconds of work, so the event loop runs between slices.
 */
export async function compareCountsOf(a: DeltaMap, b: DeltaMap): Promise<Compared> {
  const steps = comparing(a, b);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((turn) => setImmediate(turn));
  }
}
