// Remembered answers of idempotent writes, Stripe's way: a key is scoped to (route, problem id,
// key) as three columns, so no id or key containing ":" can collide with another's, and it is
// stored with a hash of the body it came with, so a retry with a different body is told apart.
import type Database from 'better-sqlite3';
import type { IdempotencyScope, RememberedResponse, StoredResponse } from './records';

interface Row {
  status: number;
  body: string;
  body_hash: string | null;
}

export function sqliteIdempotency(db: Database.Database) {
  const get = db.prepare<[string, string, string], Row>(
    'SELECT status, body, body_hash FROM idempotency_keys WHERE route = ? AND problem_id = ? AND key = ?',
  );
  const put = db.prepare(
    `INSERT OR REPLACE INTO idempotency_keys (route, problem_id, key, body_hash, status, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const sweep = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  return {
    getIdempotent(s: IdempotencyScope): RememberedResponse | undefined {
      const r = get.get(s.route, s.problemId, s.key);
      return r
        ? { status: r.status, body: JSON.parse(r.body) as unknown, bodyHash: r.body_hash }
        : undefined;
    },
    putIdempotent(s: IdempotencyScope, bodyHash: string, res: StoredResponse, at: number): void {
      put.run(s.route, s.problemId, s.key, bodyHash, res.status, JSON.stringify(res.body), at);
    },
    sweepIdempotent: (before: number): number => sweep.run(before).changes,
  };
}
