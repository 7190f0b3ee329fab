// A throwaway PostgreSQL database per test file, on the local server (trust auth), dropped after.
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';

const ADMIN_URL = 'postgres://root@127.0.0.1:5432/postgres';

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
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  const exists = key
    ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
    : 0;
  if (!exists)
    await admin.query(
      icuLocale
        ? `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${icuLocale}' LOCALE 'C.UTF-8'`
        : `CREATE DATABASE ${name}`,
    );
  await admin.end();
  return {
    url: `postgres://root@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client(ADMIN_URL);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs one statement on a test's database from outside the app (a test that spoils a row). */
export async function sqlOn(url: string, text: string, values?: unknown[]): Promise<unknown[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query(text, values)).rows;
  } finally {
    await c.end();
  }
}
