// The full recount: every stored fact added up from scratch. Used at start-up and on demand;
// it must give exactly the numbers the incremental path gives (tests compare the two). With
// `until` it counts the store as it stood at that moment (a briefing's frozen figures): the same
// code, with every record cut back to the moment and the clock set to it.
import type { Store, ProblemRecord } from '../store/records';
import { Aggregator } from './aggregator';
import type { RegionIndex } from './region-index';
import { problemAsOf } from './as-of';
import { dayStartMs, windowDays } from '../metrics/time';

export interface Recount {
  agg: Aggregator;
  /** Problems not yet closed: the simulator carries them on. */
  open: ProblemRecord[];
}

export async function recountFromStore(
  store: Store,
  index: RegionIndex,
  now: () => number,
  until?: number,
): Promise<Recount> {
  const clock = until === undefined ? now : () => until;
  const end = until ?? Infinity;
  const agg = new Aggregator(index, clock);
  const open: ProblemRecord[] = [];
  const tiers = until === undefined ? null : await store.tiersAt(until);
  await store.eachProblem((stored) => {
    const p = until === undefined ? stored : problemAsOf(stored, until, tiers?.get(stored.id));
    if (!p) return;
    agg.applyProblem(undefined, p);
    if (p.closedAt === null) open.push(p);
  });
  // Activity older than any window is never read: skip it rather than add and prune it.
  const since = Math.min(windowDays('year', clock())[0], windowDays('rolling30', clock())[0]);
  const sinceMs = dayStartMs(since);
  await store.eachVolunteer(sinceMs, (v) => {
    if (v.at <= end) agg.applyVolunteer(v);
  });
  await store.eachPartyReport(sinceMs, (r) => {
    if (r.at <= end) agg.applyPartyReport(r);
  });
  await store.eachStationVisit(sinceMs, (v) => {
    if (v.at <= end) agg.applyStationVisit(v);
  });
  agg.prune();
  agg.takeDirty();
  return { agg, open };
}
