// Rids the store and the live figures of everything the simulator wrote: a real district that ran
// the simulator for a demo (or by mistake) gets back to its own records only. Pages of a few
// hundred records, each its own transaction, with the event loop free between them.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { LiveChanges } from '../cluster/live-changes';
import { SIMULATED_COUNT_OF, type Store } from '../store/records';
import type { SimulatedCounts } from '../../shared/admin-api';

const PAGE = 500;

export async function purgeSimulated(store: Store, changes: LiveChanges): Promise<SimulatedCounts> {
  const removed: SimulatedCounts = {
    problems: 0,
    volunteers: 0,
    partyReports: 0,
    stationVisits: 0,
  };
  for (;;) {
    // The live figures let go of the page right after its commit, before anything else runs.
    const page = await store.transaction(
      (tx) => tx.simulated.purgePage(PAGE),
      (pg) => {
        for (const p of pg.problems) changes.removeProblem(p);
        for (const a of pg.activity) changes.activity(a, -1);
      },
    );
    removed.problems += page.problems.length;
    for (const a of page.activity) removed[SIMULATED_COUNT_OF[a.kind]] += 1;
    if (page.problems.length + page.activity.length < PAGE) return removed;
    await yieldLoop();
  }
}
