// Writes a normalised row as one whole problem record plus its event-log rows, the way the
// history import does. The row was already checked by the rules the
// batch ops apply (a grid or community of this district, no future time, stages in order, a rating only when
// closed); the record gets the same deadline rule, stage times, tier and event ids the ops would
// give it step by step, at a third of the statements (no read-modify-write per step).
import { stageFromTimes } from '../aggregate/as-of';
import { isPlaceLevel } from '../aggregate/region-index';
import type { RegionIndex } from '../aggregate/region-index';
import { loggedHistoryEvents } from '../ingest/history-import';
import { dueAt } from '../metrics/due';
import type { ProblemEventRecord, ProblemRecord, Store } from '../store/records';
import type { NormalRow } from './normalize-row';

/** What planning a row needs: the district's places and the clock (main thread or a worker). */
export interface PlanDeps {
  index: Pick<RegionIndex, 'regions'>;
  now: () => number;
}

/**
 * The times of the workflow stages a row implies. A stage is reached when it or a later one has
 * a time; a missing time takes the next known one (an export with only 办结时间 was called,
 * responded and handled by then at the latest).
 */
export function stageTimes(r: NormalRow) {
  const closedAt = r.closedAt;
  const respondedAt = r.respondedAt ?? closedAt;
  return { calledAt: r.calledAt ?? respondedAt, respondedAt, handledAt: closedAt, closedAt };
}

/** The stored record of a row: its stages' times folded into one problem. */
export function recordOf(deps: PlanDeps, r: NormalRow): ProblemRecord {
  const times = stageTimes(r);
  return {
    id: r.id,
    category: r.category,
    source: r.source,
    placeId: r.placeId,
    position: r.position ?? deps.index.regions.get(r.placeId)!.center,
    stage: stageFromTimes(times),
    // A response without a stated tier is taken at the grid.
    tier: times.respondedAt === null ? null : (r.tier ?? 'grid'),
    reportedAt: r.reportedAt,
    ...times,
    dueAt: dueAt(r.category, r.reportedAt),
    rating: r.rating,
    ratedAt: r.rating ? times.closedAt : null,
    description: r.description ?? null,
    reporterName: null,
    reporterPhone: null,
  };
}

export type RowPlan = { ok: true; record: ProblemRecord } | { ok: false; code: string };

/** The checks a row must pass that need no database: done in plain JS before any write. */
export function planRow(deps: PlanDeps, r: NormalRow): RowPlan {
  if (!isPlaceLevel(deps.index.regions.get(r.placeId)?.level))
    return { ok: false, code: 'unknown_grid' };
  return { ok: true, record: recordOf(deps, r) };
}

/**
 * A planned record with its event-log rows, as Store.insertMany takes them: like the history
 * import, only a row reported in the last two days before `now` logs its steps.
 */
export function recordRows(
  p: ProblemRecord,
  now: number,
): { p: ProblemRecord; events: ProblemEventRecord[] } {
  return { p, events: loggedHistoryEvents(p, now) };
}

/** Stores one planned record and its event-log rows; call inside a transaction. */
export async function insertRecord(tx: Store, p: ProblemRecord, now: number): Promise<void> {
  const { events } = recordRows(p, now);
  await tx.insertProblem(p, null);
  for (const ev of events) await tx.insertEvent(ev);
}
