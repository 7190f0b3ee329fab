// Counting every stored row into day buckets: rebuilds the roll-up table once, when a file written
// before roll-ups existed is opened or the region tree changed (a migration, before the server
// listens), and is what the roll-up check compares the table with (in a worker thread).
import { contributeActivity, contributeProblem } from '../aggregate/contribution';
import { emptyBucket, encodeBucket, type DayBucket } from '../aggregate/day-bucket';
import type { Store } from './records';
import type { RollupRegions } from './rollup-deltas';
import { bucketIn, type DeltaMap } from './delta-map';
import type { RollupTable } from './sqlite-rollups';

export type RowSource = Pick<
  Store,
  'eachProblem' | 'eachVolunteer' | 'eachPartyReport' | 'eachStationVisit'
>;

export function countRows(rows: RowSource, regions: RollupRegions): DeltaMap {
  const all: DeltaMap = new Map();
  const bucket = (id: string, day: number) => bucketIn(all, id, day);
  const lin = (id: string) => regions.lineage(id);
  rows.eachProblem((p) => contributeProblem(lin(p.placeId), p, 1, bucket));
  rows.eachVolunteer(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'volunteer', record: v }, 1, bucket),
  );
  rows.eachPartyReport(0, (r) =>
    contributeActivity(lin(r.regionId), { kind: 'party', record: r }, 1, bucket),
  );
  rows.eachStationVisit(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'visit', record: v }, 1, bucket),
  );
  return all;
}

export function rebuildRollups(rows: RowSource, table: RollupTable, regions: RollupRegions): void {
  const all = countRows(rows, regions);
  table.clear();
  table.write(all);
}

export function storedRollups(src: Pick<Store, 'eachRollup'>): DeltaMap {
  const stored: DeltaMap = new Map();
  src.eachRollup(-(2 ** 31), 2 ** 31 - 1, (id, day, b) => {
    let days = stored.get(id);
    if (!days) stored.set(id, (days = new Map<number, DayBucket>()));
    days.set(day, b);
  });
  return stored;
}

/** Regions where the two counts differ on any day (sorted), and how many buckets were compared. */
export function compareCounts(a: DeltaMap, b: DeltaMap): { differing: string[]; buckets: number } {
  const EMPTY = JSON.stringify(encodeBucket(emptyBucket()));
  const differing = new Set<string>();
  let buckets = 0;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    for (const [id, days] of x)
      for (const [day, bx] of days) {
        buckets++;
        const by = y.get(id)?.get(day);
        if (JSON.stringify(encodeBucket(bx)) !== (by ? JSON.stringify(encodeBucket(by)) : EMPTY))
          differing.add(id);
      }
  return { differing: [...differing].sort(), buckets };
}
