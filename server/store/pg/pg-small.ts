// The small tables: remembered idempotent answers, bearer tokens and meta (sqlite-idempotency.ts,
// sqlite-tokens.ts and the store's meta on PostgreSQL).
import type { Store } from '../records';
import type { Queryable } from './conn';

type SmallStore = Pick<
  Store,
  | 'getIdempotent'
  | 'putIdempotent'
  | 'sweepIdempotent'
  | 'putToken'
  | 'dropTokens'
  | 'tokenScope'
  | 'getMeta'
  | 'setMeta'
>;

export function pgSmall(q: Queryable): SmallStore {
  return {
    async getIdempotent(s) {
      const r = (
        await q.query<{ status: number; body: string; body_hash: string | null }>(
          'SELECT status, body, body_hash FROM idempotency_keys WHERE route = $1 AND problem_id = $2 AND key = $3',
          [s.route, s.problemId, s.key],
        )
      ).rows[0];
      return r
        ? { status: r.status, body: JSON.parse(r.body) as unknown, bodyHash: r.body_hash }
        : undefined;
    },
    async putIdempotent(s, bodyHash, res, at) {
      await q.query(
        `INSERT INTO idempotency_keys (route, problem_id, key, body_hash, status, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (route, problem_id, key) DO UPDATE SET body_hash = excluded.body_hash,
           status = excluded.status, body = excluded.body, created_at = excluded.created_at`,
        [s.route, s.problemId, s.key, bodyHash, res.status, JSON.stringify(res.body), at],
      );
    },
    sweepIdempotent: async (before) =>
      (await q.query('DELETE FROM idempotency_keys WHERE created_at < $1', [before])).rowCount ?? 0,
    // One statement, so the label's other tokens go and this one comes at once, in or out of a
    // transaction.
    async putToken(hash, scope, label) {
      await q.query(
        `WITH gone AS (DELETE FROM tokens WHERE label = $3 AND hash <> $1)
         INSERT INTO tokens (hash, scope, label, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hash) DO UPDATE SET scope = excluded.scope, label = excluded.label,
           created_at = excluded.created_at`,
        [hash, scope, label, Date.now()],
      );
    },
    async dropTokens(label) {
      await q.query('DELETE FROM tokens WHERE label = $1', [label]);
    },
    tokenScope: async (hash) =>
      (await q.query<{ scope: string }>('SELECT scope FROM tokens WHERE hash = $1', [hash])).rows[0]
        ?.scope,
    getMeta: async (key) =>
      (await q.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key])).rows[0]
        ?.value,
    async setMeta(key, value) {
      await q.query(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
  };
}
