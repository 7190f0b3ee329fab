// Tokens made in the admin console (console-tokens.ts on PostgreSQL).
import type { Store } from '../records';
import type { Queryable } from './conn';
import { toConsoleToken, useIsRecorded, type ConsoleTokenRow } from '../console-token-row';

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
        await q.query<ConsoleTokenRow>(
          'SELECT id, name, scope, created_at, last_used_at, revoked_at FROM console_tokens ORDER BY created_at DESC, id',
        )
      ).rows.map(toConsoleToken),
    revoke: async (id, at) =>
      (
        await q.query(
          'UPDATE console_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
          [at, id],
        )
      ).rowCount === 1,
    async use(hash, at) {
      const r = (
        await q.query<ConsoleTokenRow>(
          'SELECT * FROM console_tokens WHERE hash = $1 AND revoked_at IS NULL',
          [hash],
        )
      ).rows[0];
      if (!r) return undefined;
      if (useIsRecorded(r, at))
        await q.query('UPDATE console_tokens SET last_used_at = $1 WHERE id = $2', [at, r.id]);
      return { name: r.name, scope: r.scope };
    },
  };
}
