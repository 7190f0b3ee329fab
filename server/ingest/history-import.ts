// First start on a dataset: its history of past problems goes into the store, so trend charts
// are full from the first minute. Demo datasets are shifted so their last day is today, and every
// row is cut back to the present moment: what happened later that day has not happened yet.
import type { Dataset, HistoricalProblem } from '../dataset/types';
import { problemAsOf, stageFromTimes } from '../aggregate/as-of';
import { DAY_MS, dayNumber, localDayStart } from '../../shared/local-time';
import type { ProblemEventRecord, ProblemRecord, Store } from '../store/records';
import { bulkWriter } from './bulk-writer';

/** How far back imported history also fills the event log, so the ticker is never blank. */
const EVENT_LOG_MS = 2 * DAY_MS;

/** The workflow steps of an imported problem (cut back to the present), as event-log rows. */
function historyEvents(p: ProblemRecord): ProblemEventRecord[] {
  const out: ProblemEventRecord[] = [];
  const add = (
    kind: ProblemEventRecord['kind'],
    stage: ProblemRecord['stage'],
    at: number | null,
    suffix = '',
  ) => {
    if (at !== null)
      out.push({
        id: `${p.id}:${kind}${suffix}`,
        problemId: p.id,
        kind,
        stage,
        tier: p.tier,
        rating: p.rating,
        at,
      });
  };
  add('reported', 'reported', p.reportedAt);
  add('called', 'called', p.calledAt);
  const whistle = p.tier === 'street' || p.tier === 'district';
  add(whistle ? 'escalated' : 'called', 'responding', p.respondedAt, ':responding');
  add('handled', 'handled', p.handledAt);
  add('closed', 'closed', p.closedAt);
  add('rated', 'closed', p.ratedAt);
  return out;
}

/**
 * The event-log rows imported history gets: a problem reported in the last EVENT_LOG_MS (the
 * ticker's recent past) logs its steps, an older one none (its figures come from the problem row;
 * a million old rows would otherwise write five or six log rows each). `p` is cut back to `now`.
 */
export function loggedHistoryEvents(p: ProblemRecord, now: number): ProblemEventRecord[] {
  return p.reportedAt > now - EVENT_LOG_MS ? historyEvents(p) : [];
}

/** Whole days to add so that manifest.historyEndsOn becomes today (0 when not a demo). */
export function historyShiftMs(ds: Dataset, now: number): number {
  if (!ds.manifest.shiftHistoryToNow) return 0;
  const endsOn = dayNumber(localDayStart(ds.manifest.historyEndsOn));
  return (dayNumber(now) - endsOn) * DAY_MS;
}

/** A dataset's past problem as the store holds it, its times moved by `shiftMs`. */
export function historyRecord(h: HistoricalProblem, shiftMs = 0): ProblemRecord {
  const t = (iso: string | null) => (iso ? Date.parse(iso) + shiftMs : null);
  const times = {
    calledAt: t(h.calledAt),
    respondedAt: t(h.respondedAt),
    handledAt: t(h.handledAt),
    closedAt: t(h.closedAt),
  };
  return {
    id: h.id,
    category: h.category,
    source: h.source,
    placeId: h.gridId,
    position: h.position,
    stage: stageFromTimes(times),
    tier: h.tier,
    reportedAt: t(h.reportedAt)!,
    ...times,
    dueAt: t(h.dueAt)!,
    rating: h.rating,
    ratedAt: t(h.ratedAt),
    description: null,
    reporterName: null,
    reporterPhone: null,
  };
}

/** Imports once per dataset id; later starts find the marker and skip. Returns rows imported. */
export async function importHistory(store: Store, ds: Dataset, now: number): Promise<number> {
  const marker = `history_imported:${ds.manifest.id}`;
  if (await store.getMeta(marker)) return 0;
  const shift = historyShiftMs(ds, now);
  const events: ProblemEventRecord[] = [];
  return store.transaction(async (tx) => {
    const out = bulkWriter(tx);
    for (const h of ds.history) {
      const whole = historyRecord(h, shift);
      // Shifted rows of today may lie (partly) in the future: cut back to now, or left out.
      const p = problemAsOf(whole, now);
      if (!p) continue;
      // Events apart: they go in after all problems, in time order.
      await out.problem(p, []);
      events.push(...loggedHistoryEvents(p, now));
    }
    const { problems } = await out.flush();
    // The event log is read newest-first by insertion order: insert in time order. Two days of
    // events are few, one by one is fast enough.
    events.sort((a, b) => a.at - b.at);
    for (const ev of events) await tx.insertEvent(ev);
    await tx.setMeta(marker, new Date(now).toISOString());
    await tx.setMeta('history_shift_days', String(Math.round(shift / DAY_MS)));
    return problems;
  });
}
