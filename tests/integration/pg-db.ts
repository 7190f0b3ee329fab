// A throwaway PostgreSQL database per test file, on the local server (trust auth), dropped after.
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../scripts/cluster/pg-database';

/**
 * `icuLocale` gives the database a language's collation (what an operator's en_US or zh_CN
 * database sorts by), so the schema's byte-order columns are really put to the test.
 */
export async function createTestDatabase(
  icuLocale?: string,
  key?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  // A key (a test's database file path) names one database that outlives an app, so a test that
  // restarts its app on the same file finds its data again.
  const name = key
    ? `scb_test_k${createHash('sha1').update(key).digest('hex').slice(0, 16)}`
    : `scb_test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(name, { existing: key ? 'keep' : 'fail', icuLocale });
  return { url, drop: () => dropDatabase(name) };
}

/** Runs one statement on a test's database from outside the app (a test that spoils a row). */
export async function sqlOn(url: string, text: string, values?: unknown[]): Promise<unknown[]> {
  const c = new pg.Client(url);
  // A failed query rejects below; an 'error' the socket reports besides must not end the run.
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query(text, values)).rows;
  } finally {
    await c.end();
  }
}
