// Day buckets keyed by region, then by local day: a transaction's roll-up deltas, or a count.
import { emptyBucket, type DayBucket } from '../aggregate/day-bucket';

export type DeltaMap = Map<string, Map<number, DayBucket>>;

export function bucketIn(m: DeltaMap, id: string, day: number): DayBucket {
  let days = m.get(id);
  if (!days) m.set(id, (days = new Map<number, DayBucket>()));
  let b = days.get(day);
  if (!b) days.set(day, (b = emptyBucket()));
  return b;
}
