// The full recount: every stored fact added up from scratch. Used at start-up and on demand;
// it must give exactly the numbers the incremental path gives (tests compare the two).
import type { Store, ProblemRecord } from '../store/records';
import { Aggregator } from './aggregator';
import type { RegionIndex } from './region-index';
import { dayStartMs, windowDays } from '../metrics/time';

export interface Recount {
  agg: Aggregator;
  /** Problems not yet closed: the simulator carries them on. */
  open: ProblemRecord[];
}

export function recountFromStore(store: Store, index: RegionIndex, now: () => number): Recount {
  const agg = new Aggregator(index, now);
  const open: ProblemRecord[] = [];
  store.eachProblem((p) => {
    agg.applyProblem(undefined, p);
    if (p.closedAt === null) open.push(p);
  });
  // Activity older than any window is never read: skip it rather than add and prune it.
  const since = Math.min(windowDays('year', now())[0], windowDays('rolling30', now())[0]);
  const sinceMs = dayStartMs(since);
  store.eachVolunteer(sinceMs, (v) => agg.applyVolunteer(v));
  store.eachPartyReport(sinceMs, (r) => agg.applyPartyReport(r));
  store.eachStationVisit(sinceMs, (v) => agg.applyStationVisit(v));
  agg.prune();
  agg.takeDirty();
  return { agg, open };
}
