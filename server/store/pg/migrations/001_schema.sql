-- The SQLite schema (sqlite-schema.ts, sqlite-imports.ts, console-tokens.ts) in PostgreSQL terms.
-- Times are BIGINT epoch milliseconds; ids are the callers' TEXT ids. Text that is compared or
-- ordered is COLLATE "C": byte order, as SQLite's BINARY, so ranges ('SIM-' <= id < 'SIM.') and
-- ORDER BY give the same rows and order on both stores. SQLite's implicit rowid becomes an
-- identity column `rid`: the keyset pages order by (time, rid) as SQLite orders by (time, rowid).

CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE problems (
  rid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT COLLATE "C" PRIMARY KEY,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  grid_id TEXT COLLATE "C" NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  stage TEXT NOT NULL,
  tier TEXT,
  reported_at BIGINT NOT NULL,
  called_at BIGINT,
  responded_at BIGINT,
  handled_at BIGINT,
  closed_at BIGINT,
  due_at BIGINT NOT NULL,
  rating TEXT,
  rated_at BIGINT,
  description TEXT,
  reporter_name TEXT,
  reporter_phone TEXT,
  last_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX problems_reported ON problems (reported_at);
CREATE INDEX problems_last_at ON problems (last_at, rid);
CREATE INDEX problems_open ON problems (closed_at) WHERE closed_at IS NULL;

CREATE TABLE problem_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  problem_id TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  stage TEXT NOT NULL,
  tier TEXT,
  rating TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX problem_events_at ON problem_events (at);
CREATE INDEX problem_events_problem ON problem_events (problem_id);

CREATE TABLE volunteer_checkins (
  rid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT COLLATE "C" PRIMARY KEY,
  region_id TEXT COLLATE "C" NOT NULL,
  tenths BIGINT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX volunteer_at ON volunteer_checkins (at, rid);
CREATE TABLE party_reports (
  rid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT COLLATE "C" PRIMARY KEY,
  region_id TEXT COLLATE "C" NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX party_at ON party_reports (at, rid);
CREATE TABLE station_visits (
  rid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT COLLATE "C" PRIMARY KEY,
  station_id TEXT COLLATE "C" NOT NULL,
  region_id TEXT COLLATE "C" NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX visits_at ON station_visits (at, rid);

CREATE TABLE idempotency_keys (
  route TEXT COLLATE "C" NOT NULL,
  problem_id TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  body_hash TEXT,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (route, problem_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE tokens (
  hash TEXT COLLATE "C" PRIMARY KEY,
  scope TEXT NOT NULL,
  label TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX tokens_label ON tokens (label);

CREATE TABLE console_tokens (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

-- counts is day-bucket.ts's encodeBucket: a fixed prefix of counters, then the sparse handling
-- histogram as (bin, count) pairs sorted by bin.
CREATE TABLE rollups (
  region_id TEXT COLLATE "C" NOT NULL,
  day BIGINT NOT NULL,
  counts BIGINT[] NOT NULL,
  PRIMARY KEY (region_id, day)
);
CREATE INDEX rollups_day ON rollups (day, region_id);

-- Adds two encoded buckets, as addBucket does: the first `fixed` entries element by element, the
-- histogram pairs by bin (a bin whose count reaches 0 is dropped, bins stay sorted). It lets
-- a transaction's deltas land as one INSERT … ON CONFLICT DO UPDATE, with no read first, so two
-- nodes adding to the same bucket both count.
CREATE FUNCTION rollup_add(a BIGINT[], b BIGINT[], fixed INTEGER) RETURNS BIGINT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT
    ARRAY(
      SELECT COALESCE(a[i], 0) + COALESCE(b[i], 0) FROM generate_series(1, fixed) AS i ORDER BY i
    )
    || COALESCE(ARRAY(
      SELECT x FROM (
        SELECT h.bin, sum(h.c) AS c FROM (
          SELECT a[i] AS bin, a[i + 1] AS c
            FROM generate_series(fixed + 1, COALESCE(array_length(a, 1), 0) - 1, 2) AS i
          UNION ALL
          SELECT b[i], b[i + 1]
            FROM generate_series(fixed + 1, COALESCE(array_length(b, 1), 0) - 1, 2) AS i
        ) h GROUP BY h.bin HAVING sum(h.c) <> 0
      ) s, LATERAL unnest(ARRAY[s.bin, s.c::BIGINT]) WITH ORDINALITY AS u(x, o)
      ORDER BY s.bin, u.o
    ), '{}')
$$;

CREATE TABLE imports (
  id TEXT COLLATE "C" PRIMARY KEY,
  source TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX imports_created ON imports (created_at DESC, id DESC);
CREATE TABLE import_rows (
  problem_id TEXT COLLATE "C" PRIMARY KEY,
  import_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX import_rows_import ON import_rows (import_id, problem_id);
CREATE TABLE import_mappings (
  source TEXT COLLATE "C" PRIMARY KEY,
  doc TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
