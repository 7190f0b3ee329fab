// Brings a SQLite file written by an earlier version up to SCHEMA_VERSION, in one transaction, so
// data/local/screen.sqlite of a running install still opens after an upgrade.
import type Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './sqlite-schema';

/**
 * Version 1 kept idempotency keys as one string `<route>:<problem id>:<key>`, ambiguous when the
 * id or the key holds ":". A row moves to the scoped table when exactly one split names a stored
 * problem; others are dropped (a retry of one of them within its 7 days is then answered as a new
 * write: 409 for a stage already taken, never a double step). Old rows have no body hash: any body
 * with their key replays the first answer, as it did before.
 */
function idempotencyV2(db: Database.Database): void {
  const old = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE name = 'idempotency'")
    .get();
  if (!old) return;
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM problems WHERE id = ?');
  const put = db.prepare(
    `INSERT OR IGNORE INTO idempotency_keys (route, problem_id, key, body_hash, status, body, created_at)
     VALUES (?, ?, ?, NULL, ?, ?, ?)`,
  );
  const rows = db
    .prepare<[], { key: string; status: number; body: string; created_at: number }>(
      'SELECT key, status, body, created_at FROM idempotency',
    )
    .all();
  for (const r of rows) {
    const [route, ...rest] = r.key.split(':');
    const splits = rest
      .map((_, i) => [rest.slice(0, i).join(':'), rest.slice(i).join(':')] as const)
      .filter(([id, key]) => id && key && exists.get(id));
    if (splits.length === 1)
      put.run(route, splits[0]![0], splits[0]![1], r.status, r.body, r.created_at);
  }
  db.exec('DROP TABLE idempotency');
}

/** Version 3 adds problems.last_at (the latest of a problem's times) and the roll-up tables. */
function lastAtV3(db: Database.Database): void {
  const cols = db.prepare<[], { name: string }>('PRAGMA table_info(problems)').all();
  if (!cols.some((c) => c.name === 'last_at'))
    db.exec('ALTER TABLE problems ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0');
  db.exec(`UPDATE problems SET last_at = MAX(reported_at, COALESCE(called_at, 0),
    COALESCE(responded_at, 0), COALESCE(handled_at, 0), COALESCE(closed_at, 0),
    COALESCE(rated_at, 0))`);
}

export function migrate(db: Database.Database): void {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'")
    .get();
  const version = row ? Number(row.value) : SCHEMA_VERSION;
  db.transaction(() => {
    if (version < 2) idempotencyV2(db);
    if (version < 3) lastAtV3(db);
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(SCHEMA_VERSION),
    );
  })();
}
