// Counting every stored row into day buckets (rollup-rebuild.ts's countRows, over the async
// reads): rebuilds the roll-up table when the region tree or bucket layout changed.
import { contributeActivity, contributeProblem } from '../../aggregate/contribution';
import type { AsyncStore } from '../records';
import type { RollupRegions } from '../rollup-deltas';
import { bucketIn, type DeltaMap } from '../delta-map';
import type { PgRollupTable } from './pg-rollups';

type RowSource = Pick<
  AsyncStore,
  'eachProblem' | 'eachVolunteer' | 'eachPartyReport' | 'eachStationVisit'
>;

async function countRows(rows: RowSource, regions: RollupRegions): Promise<DeltaMap> {
  const all: DeltaMap = new Map();
  const bucket = (id: string, day: number) => bucketIn(all, id, day);
  const lin = (id: string) => regions.lineage(id);
  await rows.eachProblem((p) => contributeProblem(lin(p.placeId), p, 1, bucket));
  await rows.eachVolunteer(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'volunteer', record: v }, 1, bucket),
  );
  await rows.eachPartyReport(0, (r) =>
    contributeActivity(lin(r.regionId), { kind: 'party', record: r }, 1, bucket),
  );
  await rows.eachStationVisit(0, (v) =>
    contributeActivity(lin(v.regionId), { kind: 'visit', record: v }, 1, bucket),
  );
  return all;
}

export async function rebuildRollups(
  rows: RowSource,
  table: PgRollupTable,
  regions: RollupRegions,
): Promise<void> {
  const all = await countRows(rows, regions);
  await table.clear();
  await table.write(all);
}
