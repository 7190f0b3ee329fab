// The SQLite schema. Times are integer epoch milliseconds; ids are the callers' ids, so a retry
// hits the primary key instead of storing twice. problems.grid_id keeps its name from when every
// problem had a grid: it holds the problem's place, a grid or (未落网格) a community id
// (ProblemRecord.placeId). Reusing it needed no migration, and every reader already counts a
// problem into the lineage of whatever region the column names.
export const SCHEMA_VERSION = 3;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS problems (
  id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  stage TEXT NOT NULL,
  tier TEXT,
  reported_at INTEGER NOT NULL,
  called_at INTEGER,
  responded_at INTEGER,
  handled_at INTEGER,
  closed_at INTEGER,
  due_at INTEGER NOT NULL,
  rating TEXT,
  rated_at INTEGER,
  description TEXT,
  reporter_name TEXT,
  reporter_phone TEXT,
  last_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS problems_reported ON problems (reported_at);
CREATE TABLE IF NOT EXISTS problem_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  problem_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  stage TEXT NOT NULL,
  tier TEXT,
  rating TEXT,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS volunteer_checkins (
  id TEXT PRIMARY KEY, region_id TEXT NOT NULL, tenths INTEGER NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS volunteer_at ON volunteer_checkins (at);
CREATE TABLE IF NOT EXISTS party_reports (
  id TEXT PRIMARY KEY, region_id TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS party_at ON party_reports (at);
CREATE TABLE IF NOT EXISTS station_visits (
  id TEXT PRIMARY KEY, station_id TEXT NOT NULL, region_id TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS visits_at ON station_visits (at);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  route TEXT NOT NULL, problem_id TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT,
  status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY (route, problem_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY, scope TEXT NOT NULL, label TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rollups (
  region_id TEXT NOT NULL, day INTEGER NOT NULL, counts TEXT NOT NULL,
  PRIMARY KEY (region_id, day)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollups_day ON rollups (day);
`;

/** Indexes on columns a migration may have added: created after migrate() ran. */
export const INDEXES = `
CREATE INDEX IF NOT EXISTS problems_last_at ON problems (last_at);
CREATE INDEX IF NOT EXISTS problems_open ON problems (closed_at) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS problem_events_at ON problem_events (at);
CREATE INDEX IF NOT EXISTS problem_events_escalated ON problem_events (at, problem_id, kind, tier, id)
  WHERE stage = 'responding' AND tier IS NOT NULL;
CREATE INDEX IF NOT EXISTS problem_events_tiers ON problem_events (problem_id, at, seq, tier)
  WHERE stage = 'responding' AND tier IS NOT NULL;
`;
