// Tokens made in the admin console (console-tokens.ts on PostgreSQL).
import type { ConsoleScope } from '../../../shared/admin-api';
import type { Store } from '../records';
import type { Queryable } from './conn';
import { USE_RESOLUTION_MS } from '../console-tokens';

interface Row {
  id: string;
  name: string;
  scope: ConsoleScope;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export function pgConsoleTokens(q: Queryable): Store['consoleTokens'] {
  return {
    async create(t) {
      await q.query(
        'INSERT INTO console_tokens (id, name, scope, hash, created_at) VALUES ($1, $2, $3, $4, $5)',
        [t.id, t.name, t.scope, t.hash, t.at],
      );
    },
    list: async () =>
      (
        await q.query<Row>(
          'SELECT id, name, scope, created_at, last_used_at, revoked_at FROM console_tokens ORDER BY created_at DESC, id',
        )
      ).rows.map((r) => ({
        id: r.id,
        name: r.name,
        scope: r.scope,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      })),
    revoke: async (id, at) =>
      (
        await q.query(
          'UPDATE console_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
          [at, id],
        )
      ).rowCount === 1,
    async use(hash, at) {
      const r = (
        await q.query<Row>('SELECT * FROM console_tokens WHERE hash = $1 AND revoked_at IS NULL', [
          hash,
        ])
      ).rows[0];
      if (!r) return undefined;
      if (r.last_used_at === null || at - r.last_used_at >= USE_RESOLUTION_MS)
        await q.query('UPDATE console_tokens SET last_used_at = $1 WHERE id = $2', [at, r.id]);
      return { name: r.name, scope: r.scope };
    },
  };
}
