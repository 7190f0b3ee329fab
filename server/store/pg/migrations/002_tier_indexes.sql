-- A briefing's moment reads which tier each problem escalated to after it (pg-events.ts,
-- TIER_EVENTS_PG): through problem_events_at alone, every event since the moment was a random read
-- of its row (seconds for a moment a month back at a million problems). These two partial indexes
-- hold the escalations only, with every column the query reads. Built once, in the migration's
-- transaction: writes wait for it (seconds at a million problems), reads do not.
CREATE INDEX problem_events_escalated ON problem_events (at, problem_id, kind, tier, id)
  WHERE stage = 'responding' AND tier IS NOT NULL;
CREATE INDEX problem_events_tiers ON problem_events (problem_id, at, seq, tier)
  WHERE stage = 'responding' AND tier IS NOT NULL;
