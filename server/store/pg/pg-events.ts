// Reading the problem event log (sqlite-events.ts on PostgreSQL).
import type { ResponseTier } from '../../../shared/protocol';
import type { Store } from '../records';
import { EVENT_ROW_COLS, toEventRecord, type EventRow } from '../event-row';
import type { Queryable } from './conn';

/**
 * The tiers a problem escalated through, for each problem that escalated after the moment $1.
 * Escalation events have the id `<problem>:<kind>:responding:<tier>` (one per tier). Both halves
 * say `tier IS NOT NULL` so they match the partial indexes of migration 002.
 * @internal exported for its plan test
 */
export const TIER_EVENTS_PG = `SELECT problem_id, tier FROM problem_events
  WHERE stage = 'responding' AND tier IS NOT NULL AND at <= $1 AND problem_id IN (
    SELECT problem_id FROM problem_events
    WHERE stage = 'responding' AND tier IS NOT NULL AND at > $1
      AND id = problem_id || ':' || kind || ':responding:' || tier)
  ORDER BY at, seq`;

export function pgEvents(q: Queryable): Pick<Store, 'recentEvents' | 'tiersAt'> {
  return {
    async recentEvents(limit, at) {
      const { rows } = await (at === undefined
        ? q.query<EventRow>(
            `SELECT ${EVENT_ROW_COLS} FROM problem_events ORDER BY seq DESC LIMIT $1`,
            [limit],
          )
        : q.query<EventRow>(
            `SELECT ${EVENT_ROW_COLS} FROM problem_events WHERE at <= $1 ORDER BY at DESC, seq DESC LIMIT $2`,
            [at, limit],
          ));
      return rows.map(toEventRecord);
    },
    async tiersAt(at) {
      const { rows } = await q.query<{ problem_id: string; tier: ResponseTier }>(TIER_EVENTS_PG, [
        at,
      ]);
      const tiers = new Map<string, ResponseTier>();
      for (const r of rows) tiers.set(r.problem_id, r.tier);
      return tiers;
    },
  };
}
