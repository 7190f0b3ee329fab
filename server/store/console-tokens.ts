// Tokens made in the admin console: a name and a scope each, only the SHA-256 stored, revocable,
// with the time each was last used. Beside the env/file tokens (tokens table), not instead of them.
import { CONSOLE_SCOPES, type ConsoleScope, type ConsoleToken } from '../../shared/admin-api';
import type Database from 'better-sqlite3';
import { toConsoleToken, useIsRecorded, type ConsoleTokenRow } from './console-token-row';

export interface ConsoleTokenStore {
  create(t: { id: string; name: string; scope: ConsoleScope; hash: string; at: number }): void;
  /** Newest first, revoked ones included (they say when). */
  list(): ConsoleToken[];
  /** false when there is no such token or it was already revoked. */
  revoke(id: string, at: number): boolean;
  /** The live token with this hash, its use recorded at `at`. */
  use(hash: string, at: number): { name: string; scope: ConsoleScope } | undefined;
}

// Safe on an existing database: a new table only, nothing altered.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS console_tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER
);
`;

export function sqliteConsoleTokens(db: Database.Database): ConsoleTokenStore {
  db.exec(SCHEMA);
  const st = {
    create: db.prepare(
      'INSERT INTO console_tokens (id, name, scope, hash, created_at) VALUES (@id, @name, @scope, @hash, @at)',
    ),
    list: db.prepare<[], ConsoleTokenRow>(
      'SELECT id, name, scope, created_at, last_used_at, revoked_at FROM console_tokens ORDER BY created_at DESC, id',
    ),
    revoke: db.prepare(
      'UPDATE console_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    byHash: db.prepare<[string], ConsoleTokenRow>(
      'SELECT * FROM console_tokens WHERE hash = ? AND revoked_at IS NULL',
    ),
    used: db.prepare('UPDATE console_tokens SET last_used_at = ? WHERE id = ?'),
  };
  return {
    create: (t) => void st.create.run(t),
    list: () => st.list.all().map(toConsoleToken),
    revoke: (id, at) => st.revoke.run(at, id).changes === 1,
    use(hash, at) {
      const r = st.byHash.get(hash);
      if (!r) return undefined;
      if (useIsRecorded(r, at)) st.used.run(at, r.id);
      return { name: r.name, scope: r.scope };
    },
  };
}

export { CONSOLE_SCOPES, type ConsoleScope, type ConsoleToken };
