// Rebuilds the roll-up table from the rows (rollup-rebuild.ts's count, over the async reads) when
// the region tree or bucket layout changed.
import type { Store } from '../records';
import type { RollupRegions } from '../rollup-deltas';
import { countRowsOf } from '../rollup-rebuild';
import type { PgRollupTable } from './pg-rollups';

export async function rebuildRollups(
  rows: Pick<Store, 'eachProblem' | 'eachVolunteer' | 'eachPartyReport' | 'eachStationVisit'>,
  table: PgRollupTable,
  regions: RollupRegions,
): Promise<void> {
  const all = await countRowsOf(rows, regions);
  await table.clear();
  await table.write(all);
}
