// A console token as a row of the console_tokens table, read the same way by the SQLite and the
// PostgreSQL store.
import type { ConsoleScope, ConsoleToken } from '../../shared/admin-api';

export interface ConsoleTokenRow {
  id: string;
  name: string;
  scope: ConsoleScope;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A used token's time is written at most this often (every import poll would be a write). */
const USE_RESOLUTION_MS = 10_000;

export const toConsoleToken = (r: ConsoleTokenRow): ConsoleToken => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Whether a use at `at` is to be written as the token's last use. */
export const useIsRecorded = (r: ConsoleTokenRow, at: number): boolean =>
  r.last_used_at === null || at - r.last_used_at >= USE_RESOLUTION_MS;
