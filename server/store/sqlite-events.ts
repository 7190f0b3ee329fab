// Reading the problem event log: the ticker's latest events and the tiers escalations stood at.
import type Database from 'better-sqlite3';
import type { ResponseTier } from '../../shared/protocol';
import type { SyncStore } from './records';
import { EVENT_ROW_COLS, toEventRecord, type EventRow } from './event-row';

export function sqliteEvents(db: Database.Database): Pick<SyncStore, 'recentEvents' | 'tiersAt'> {
  const recent = db.prepare<[number], EventRow>(
    `SELECT ${EVENT_ROW_COLS} FROM problem_events ORDER BY seq DESC LIMIT ?`,
  );
  const until = db.prepare<[number, number], EventRow>(
    `SELECT ${EVENT_ROW_COLS} FROM problem_events
     WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT ?`,
  );
  // Escalation events are the ones with an id `<problem>:<kind>:responding:<tier>` (one per tier).
  const tierEvents = db.prepare<[number], { problem_id: string; tier: ResponseTier; at: number }>(
    `SELECT problem_id, tier, at FROM problem_events
     WHERE stage = 'responding' AND tier IS NOT NULL AND problem_id IN (
       SELECT problem_id FROM problem_events
       WHERE stage = 'responding' AND at > ? AND id = problem_id || ':' || kind || ':responding:' || tier)
     ORDER BY at, seq`,
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
