// Reading the problem event log: the ticker's latest events and the tiers escalations stood at.
import type Database from 'better-sqlite3';
import type { ResponseTier } from '../../shared/protocol';
import type { SyncStore } from './records';
import { EVENT_ROW_COLS, toEventRecord, type EventRow } from './event-row';

/**
 * The events that say which tier each problem escalated after a moment stood at then. Escalation
 * events are the ones with an id `<problem>:<kind>:responding:<tier>` (one per tier). Both halves
 * read covering partial indexes (sqlite-schema.ts), never the table: through the `at` index every
 * event since the moment was a random read of its row, which at 1M problems held the event loop
 * 104 ms for a moment a day back and 2 s for one a month back (now 5 and 70 ms). The indexes'
 * own condition is spelled out in both halves (tests/unit/sqlite-tiers-plan.test.ts holds the plan).
 * @internal exported for the test of its query plan
 */
export const TIER_EVENTS_SQL = `SELECT problem_id, tier, at FROM problem_events
  WHERE stage = 'responding' AND tier IS NOT NULL AND problem_id IN (
    SELECT problem_id FROM problem_events
    WHERE stage = 'responding' AND tier IS NOT NULL AND at > ?
      AND id = problem_id || ':' || kind || ':responding:' || tier)
  ORDER BY at, seq`;

export function sqliteEvents(db: Database.Database): Pick<SyncStore, 'recentEvents' | 'tiersAt'> {
  const recent = db.prepare<[number], EventRow>(
    `SELECT ${EVENT_ROW_COLS} FROM problem_events ORDER BY seq DESC LIMIT ?`,
  );
  const until = db.prepare<[number, number], EventRow>(
    `SELECT ${EVENT_ROW_COLS} FROM problem_events
     WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT ?`,
  );
  const tierEvents = db.prepare<[number], { problem_id: string; tier: ResponseTier; at: number }>(
    TIER_EVENTS_SQL,
  );
  return {
    recentEvents: (limit, at) =>
      (at === undefined ? recent.all(limit) : until.all(at, limit)).map(toEventRecord),
    tiersAt(at) {
      const tiers = new Map<string, ResponseTier>();
      for (const r of tierEvents.iterate(at)) if (r.at <= at) tiers.set(r.problem_id, r.tier);
      return tiers;
    },
  };
}
