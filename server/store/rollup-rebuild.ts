// Rebuilds the roll-up table from every stored row: once, when a file written before roll-ups
// existed is opened, or when the region tree or the bucket layout changed. Runs before the server
// listens (a migration), inside one transaction.
import { emptyBucket, type DayBucket } from '../aggregate/day-bucket';
import { contributeActivity, contributeProblem } from '../aggregate/contribution';
import type { Store } from './records';
import type { DeltaMap, RollupRegions } from './rollup-deltas';
import type { RollupTable } from './sqlite-rollups';

export function rebuildRollups(store: Store, table: RollupTable, regions: RollupRegions): void {
  const all: DeltaMap = new Map();
  const bucket = (id: string, day: number): DayBucket => {
    let days = all.get(id);
    if (!days) all.set(id, (days = new Map<number, DayBucket>()));
    let b = days.get(day);
    if (!b) days.set(day, (b = emptyBucket()));
    return b;
  };
  store.eachProblem((p) => contributeProblem(regions.lineage(p.gridId), p, 1, bucket));
  const lin = (id: string) => regions.lineage(id);
  store.eachVolunteer(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'volunteer', record: v }, 1, bucket),
  );
  store.eachPartyReport(0, (r) =>
    contributeActivity(lin(r.regionId), { kind: 'party', record: r }, 1, bucket),
  );
  store.eachStationVisit(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'visit', record: v }, 1, bucket),
  );
  table.clear();
  table.write(all);
}
