// A database of its own on this machine's PostgreSQL (trust auth, user root): the try-out
// cluster's shared one, a bench run's fresh one, a test file's throwaway one.
import pg from 'pg';

export const LOCAL_PG = 'postgres://root@127.0.0.1:5432';
const DUPLICATE_DATABASE = '42P04';

async function onAdmin(sql: string): Promise<void> {
  const c = new pg.Client(`${LOCAL_PG}/postgres`);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function checked(name: string): string {
  // Interpolated into CREATE/DROP DATABASE (identifiers cannot be bound parameters).
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a database name: ${name}`);
  return name;
}

/**
 * Makes database `name` and returns its URL. `existing: 'keep'` takes one already there as it is
 * (a database that outlives a process); otherwise it must be new. `icuLocale` gives it a
 * language's collation (what an operator's en_US or zh_CN database sorts by).
 */
export async function createDatabase(
  name: string,
  opts: { existing?: 'keep' | 'fail'; icuLocale?: string } = {},
): Promise<string> {
  const locale = opts.icuLocale;
  if (locale !== undefined && !/^[A-Za-z_-]+$/.test(locale))
    throw new Error(`not an ICU locale: ${locale}`);
  const sql = locale
    ? `CREATE DATABASE ${checked(name)} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${locale}' LOCALE 'C.UTF-8'`
    : `CREATE DATABASE ${checked(name)}`;
  try {
    await onAdmin(sql);
  } catch (err) {
    if (opts.existing !== 'keep' || (err as { code?: string }).code !== DUPLICATE_DATABASE)
      throw err;
  }
  return `${LOCAL_PG}/${name}`;
}

/** Drops database `name`, closing any connection still on it. */
export async function dropDatabase(name: string): Promise<void> {
  await onAdmin(`DROP DATABASE IF EXISTS ${checked(name)} WITH (FORCE)`);
}
