// Start-up from the roll-ups: the buckets any window can reach (regions × days) and the open
// problems, instead of recounting every stored row; the cost does not grow with years of history.
import { createHash } from 'node:crypto';
import { Aggregator, reachFrom } from './aggregator';
import { ROLLUP_LAYOUT } from './day-bucket';
import { dayNumber } from '../metrics/time';
import type { RegionIndex } from './region-index';
import type { ProblemRecord, Store } from '../store/records';
import type { RollupRegions } from '../store/rollup-deltas';

/** The region tree as the store's roll-ups see it; its fingerprint changes with tree or layout. */
export function rollupRegions(index: RegionIndex): RollupRegions {
  const h = createHash('sha256').update(ROLLUP_LAYOUT);
  for (const id of [...index.regions.keys()].sort()) h.update(`\n${index.lineage(id).join('>')}`);
  return { lineage: (id) => index.lineage(id), fingerprint: h.digest('hex').slice(0, 32) };
}

export interface Loaded {
  agg: Aggregator;
  /** Problems not yet closed: the simulator carries them on. */
  open: ProblemRecord[];
}

/** Far enough ahead for any stored day (a problem may carry a time slightly in the future). */
const LAST_DAY = 2 ** 31 - 1;

/**
 * Every region's last 30 days (the map's briefs and trends), and the whole reach (this year) of
 * the district, streets and communities; a grid's older days are read when that grid is viewed
 * (when the store can read them at once; else at start too).
 */
export async function aggregatorFromStore(
  store: Store,
  index: RegionIndex,
  now: () => number,
): Promise<Loaded> {
  const agg = new Aggregator(index, now);
  const reach = reachFrom(now());
  const lazy = store.eachRollupOfNow;
  const recent = lazy ? Math.max(reach, dayNumber(now()) - 29) : reach;
  await store.eachRollup(recent, LAST_DAY, (id, day, b) => agg.loadBucket(id, day, b));
  if (lazy) {
    const floors = new Map<string, number>();
    for (const r of index.regions.values()) {
      if (r.level === 'grid') continue;
      await store.eachRollupOf(r.id, reach, recent - 1, (day, b) => agg.loadBucket(r.id, day, b));
      floors.set(r.id, reach);
    }
    agg.loadLazily(lazy, floors, recent);
  }
  const open = await store.openProblems();
  for (const p of open) agg.loadOpen(p);
  agg.takeDirty();
  return { agg, open };
}
