// First start on a dataset: its history of past problems goes into the store, so trend charts
// are full from the first minute. Demo datasets are shifted so their last day is yesterday.
import type { Dataset } from '../dataset/types';
import { dayNumber } from '../metrics/time';
import type { ProblemEventRecord, ProblemRecord, Store } from '../store/records';

const DAY_MS = 86_400_000;
/** How far back imported history also fills the event log, so the ticker is never blank. */
const EVENT_LOG_MS = 2 * DAY_MS;

/** The workflow steps of an imported problem that happened by `now`, as event-log rows. */
export function historyEvents(p: ProblemRecord, now: number): ProblemEventRecord[] {
  const out: ProblemEventRecord[] = [];
  const add = (
    kind: ProblemEventRecord['kind'],
    stage: ProblemRecord['stage'],
    at: number | null,
    suffix = '',
  ) => {
    if (at !== null && at <= now)
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

/** Whole days to add so that manifest.historyEndsOn becomes yesterday (0 when not a demo). */
export function historyShiftMs(ds: Dataset, now: number): number {
  if (!ds.manifest.shiftHistoryToNow) return 0;
  const endsOn = dayNumber(`${ds.manifest.historyEndsOn}T12:00:00+08:00`);
  return (dayNumber(now) - 1 - endsOn) * DAY_MS;
}

/** Imports once per dataset id; later starts find the marker and skip. Returns rows imported. */
export function importHistory(store: Store, ds: Dataset, now: number): number {
  const marker = `history_imported:${ds.manifest.id}`;
  if (store.getMeta(marker)) return 0;
  const shift = historyShiftMs(ds, now);
  const t = (iso: string | null) => (iso ? Date.parse(iso) + shift : null);
  let n = 0;
  const events: ProblemEventRecord[] = [];
  store.transaction(() => {
    for (const h of ds.history) {
      const reportedAt = t(h.reportedAt)!;
      // A shifted row may land after "now" on the boundary day: such rows are left out.
      if (reportedAt > now) continue;
      const closedAt = t(h.closedAt);
      const p: ProblemRecord = {
        id: h.id,
        category: h.category,
        source: h.source,
        gridId: h.gridId,
        position: h.position,
        stage:
          closedAt !== null && closedAt <= now
            ? 'closed'
            : h.handledAt
              ? 'handled'
              : h.respondedAt
                ? 'responding'
                : h.calledAt
                  ? 'called'
                  : 'reported',
        tier: h.tier,
        reportedAt,
        calledAt: t(h.calledAt),
        respondedAt: t(h.respondedAt),
        handledAt: t(h.handledAt),
        closedAt: closedAt !== null && closedAt <= now ? closedAt : null,
        dueAt: t(h.dueAt)!,
        rating: h.rating && closedAt !== null && closedAt <= now ? h.rating : null,
        ratedAt: h.rating && closedAt !== null && closedAt <= now ? t(h.ratedAt) : null,
        description: null,
        reporterName: null,
        reporterPhone: null,
      };
      if (p.ratedAt !== null && p.ratedAt > now) {
        p.rating = null;
        p.ratedAt = null;
      }
      store.insertProblem(p, null);
      if (p.reportedAt > now - EVENT_LOG_MS) events.push(...historyEvents(p, now));
      n++;
    }
    // The event log is read newest-first by insertion order: insert in time order.
    events.sort((a, b) => a.at - b.at);
    for (const ev of events) store.insertEvent(ev);
    store.setMeta(marker, new Date(now).toISOString());
    store.setMeta('history_shift_days', String(Math.round(shift / DAY_MS)));
  });
  return n;
}
