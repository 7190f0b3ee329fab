// The figures as they stood at an earlier moment T (a briefing's freeze), from the live figures
// and only what changed after T: a layer over the live day buckets that takes back every problem
// and activity touched after T and adds the problem as it stood at T (as-of.ts). Its cost follows
// the activity since T, not the size of the history. Writes that arrive after the layer was made
// are taken back as they come (it listens to the live aggregator), so its figures stay those of T.
// Days the live figures no longer hold (older than any window reaches now) come from the roll-ups.
import { Aggregator } from './aggregator';
import { addBucket, emptyBucket, type DayBucket } from './day-bucket';
import { contributeActivity, contributeProblem, type ActivityRecord } from './contribution';
import { problemAsOf } from './as-of';
import type { Store } from '../store/records';

export interface FrozenLayer {
  agg: Aggregator;
  /** Stops following the live figures (the moment is no longer held). */
  release: () => void;
}

export function freezeAt(live: Aggregator, store: Store, at: number): FrozenLayer {
  const index = live.index;
  const agg = new Aggregator(index, () => at);
  const reachAt = new Aggregator(index, () => at).reach();
  agg.layerOver(live, live.reach());
  if (reachAt < agg.baseFrom)
    store.eachRollup(reachAt, agg.baseFrom - 1, (id, day, b) => agg.loadBucket(id, day, b));

  // Every problem that changed after `at`: its present state out, its state at `at` in.
  const tiers = store.tiersAt(at);
  const changed = new Set<string>();
  const correct = (p: NonNullable<ReturnType<Store['getProblem']>>) => {
    if (changed.has(p.id)) return;
    changed.add(p.id);
    const lineage = index.lineage(p.gridId);
    contributeProblem(lineage, p, -1, agg.bucket);
    const then = problemAsOf(p, at, tiers.get(p.id));
    if (!then) return;
    contributeProblem(lineage, then, 1, agg.bucket);
    if (then.closedAt === null) agg.setOpen(then);
  };
  store.eachProblemChangedAfter(at, correct);
  for (const id of tiers.keys()) {
    const p = store.getProblem(id);
    if (p) correct(p);
  }
  agg.copyOpen(live, at, changed);

  const activity = (a: ActivityRecord, bucket: typeof agg.bucket) =>
    contributeActivity(index.lineage(a.record.regionId), a, -1, bucket);
  store.eachVolunteer(at + 1, (record) => activity({ kind: 'volunteer', record }, agg.bucket));
  store.eachPartyReport(at + 1, (record) => activity({ kind: 'party', record }, agg.bucket));
  store.eachStationVisit(at + 1, (record) => activity({ kind: 'visit', record }, agg.bucket));

  // From now on, take back what the live figures gain, on the days read through from them.
  const scratch = emptyBucket();
  const visible = (id: string, day: number): DayBucket =>
    day >= agg.baseFrom ? agg.bucket(id, day) : scratch;
  const release = live.listen({
    problem(prev, next) {
      if (next) contributeProblem(index.lineage(next.gridId), next, -1, visible);
      if (prev) contributeProblem(index.lineage(prev.gridId), prev, 1, visible);
    },
    activity: (a) => activity(a, visible),
    pruning(keepFrom, dropped) {
      for (const [id, days] of dropped)
        for (const [day, b] of days)
          if (day >= agg.baseFrom && day >= reachAt) addBucket(agg.bucket(id, day), b);
      agg.baseFrom = Math.max(agg.baseFrom, keepFrom);
    },
  });
  agg.takeDirty();
  return { agg, release };
}
