// Which pg errors mean "the database is not there" rather than "this statement is wrong": the
// one list, so every part of the PostgreSQL store reports an outage the same way (a
// StoreUnavailableError, answered 503 + Retry-After) and a real bug still surfaces as itself.
import { StoreUnavailableError } from '../unavailable';
import type pg from 'pg';
import type { Queryable } from './conn';

// Socket errors on the way to the server (refused while it restarts, reset when it stops, …).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// The server's own refusals: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or
// shutting down); class 08 is every connection exception.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);
// What node-postgres says when the socket closes under a query or a connect times out: these
// errors carry no code.
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable$/,
];

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  // Node's happy-eyeballs connect gives an AggregateError of one error per address tried.
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true;
  return MESSAGES.some((m) => m.test(err.message));
}

/** The error as the store reports it: an outage marked, anything else unchanged. */
export function classified(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  return err instanceof StoreUnavailableError || !isConnectionError(err)
    ? err
    : new StoreUnavailableError(err);
}

/**
 * The statement never left this process: the socket failed as it was written. A pooled client
 * whose server went away while it sat idle fails this way on its first use after the outage.
 */
export function unsent(err: unknown): boolean {
  const e = err as { syscall?: unknown; code?: unknown } | null;
  return e?.syscall === 'write' || e?.code === 'EPIPE' || /is not queryable$/.test(String(err));
}

/**
 * A Queryable whose outage errors are marked. `retries`: how often a statement that was never
 * sent goes again, each time on another pooled connection (the failed one is dropped), so the
 * first writes after the database is back do not fail on connections left over from before.
 */
export function guarded(q: Queryable, retries = 0): Queryable {
  return {
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      for (let left = retries; ; left--) {
        try {
          return await q.query<R>(text, values);
        } catch (err) {
          if (left <= 0 || !unsent(err)) throw classified(err);
        }
      }
    },
  };
}
