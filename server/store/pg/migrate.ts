// Brings a PostgreSQL database up to the newest migrations/NNN_name.sql: each file not yet in
// schema_migrations is applied in its own transaction and recorded there, so a failed file
// leaves nothing half-done. Every step holds one transaction-scoped advisory lock: nodes that
// start together take turns, and each file runs once.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant both nodes agree on: it names this lock among the database's advisory locks. */
const LOCK = 0x5c_b0_01;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(DIR + f, 'utf8'),
    }));
}

async function locked<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    const r = await fn();
    await client.query('COMMIT');
    return r;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** Applies the pending migrations; returns the versions this call applied. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await locked(client, () =>
      client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`),
    );
    for (const m of migrations())
      await locked(client, async () => {
        // Read under the lock: another node may have applied it while this one waited.
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
          m.version,
        ]);
        if (done.rowCount) return;
        await client.query(m.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [m.version, m.name, Date.now()],
        );
        applied.push(m.version);
      });
  } finally {
    client.release();
  }
  return applied;
}
