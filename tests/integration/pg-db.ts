// A throwaway PostgreSQL database per test file, on the local server (trust auth), dropped after.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

const ADMIN_URL = 'postgres://root@127.0.0.1:5432/postgres';

/**
 * `icuLocale` gives the database a language's collation (what an operator's en_US or zh_CN
 * database sorts by), so the schema's byte-order columns are really put to the test.
 */
export async function createTestDatabase(
  icuLocale?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `scb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
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
