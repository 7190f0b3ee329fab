// Demo datasets carry a history of problems but not of volunteer hours, party-member reports or
// station visits, so on first start those panels would read ~0 for the year. For demo data only
// (manifest.shiftHistoryToNow), the same days as the problem history are filled with activity at
// the simulator's rates, from a PRNG seeded by the dataset id: the same rows on every machine.
// Simulated records like the live simulator's, but written straight to the store in one
// transaction, in bulk (a year of rows one by one took ~110 s on PostgreSQL).
import { mulberry32, seedOf } from '../random/prng';
import { poisson } from '../random/poisson';
import { weightedPicker } from '../random/weighted';
import type { RegionIndex } from '../aggregate/region-index';
import type { Dataset } from '../dataset/types';
import { dayNumber, dayStartMs } from '../metrics/time';
import * as P from './profile';
import type { Store } from '../store/records';
import { bulkWriter } from '../ingest/bulk-writer';

/** Visits per station and day in the back-filled history (kept lower than live: row count). */
const BACKFILL_VISITS_PER_STATION = 4;

export async function backfillActivity(
  store: Store,
  ds: Dataset,
  index: RegionIndex,
  now: number,
): Promise<number> {
  const marker = `activity_backfilled:${ds.manifest.id}`;
  if (!ds.manifest.shiftHistoryToNow || (await store.getMeta(marker))) return 0;
  const random = mulberry32(seedOf(`activity:${ds.manifest.id}`));
  const hour = weightedPicker(P.HOUR_MIX);
  // An hour drawn with the daily rhythm, a minute at random.
  const at = (day: number) =>
    dayStartMs(day) + hour(random()) * 3600_000 + Math.floor(random() * 3600_000);
  const days = ds.history.length
    ? new Set(ds.history.map((h) => h.reportedAt.slice(0, 10))).size
    : 0;
  const today = dayNumber(now);
  const communities = [...index.regions.values()].filter((r) => r.level === 'community');
  return store.transaction(async (tx) => {
    const out = bulkWriter(tx);
    for (let day = today - days; day < today; day++) {
      for (const c of communities) {
        const f = index.figures(c.id);
        for (
          let k = poisson(f.volunteers * P.DAILY_VOLUNTEER_CHECKINS_PER_VOLUNTEER, random);
          k > 0;
          k--
        )
          await out.activity({
            kind: 'volunteer',
            record: {
              id: `BF-V-${day}-${c.id}-${k}`,
              regionId: c.id,
              tenths: 10 + Math.floor(random() * 31),
              at: at(day),
            },
          });
        for (let k = poisson(f.partyMembers * P.DAILY_PARTY_REPORTS_PER_MEMBER, random); k > 0; k--)
          await out.activity({
            kind: 'party',
            record: { id: `BF-R-${day}-${c.id}-${k}`, regionId: c.id, at: at(day) },
          });
      }
      for (const s of index.stations.values())
        for (let k = poisson(BACKFILL_VISITS_PER_STATION, random); k > 0; k--)
          await out.activity({
            kind: 'visit',
            record: {
              id: `BF-S-${day}-${s.id}-${k}`,
              stationId: s.id,
              regionId: s.regionId,
              at: at(day),
            },
          });
    }
    const { activity } = await out.flush();
    await tx.setMeta(marker, new Date(now).toISOString());
    return activity;
  });
}
