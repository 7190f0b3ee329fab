// What every part of the PostgreSQL store runs its SQL on: a pool (each statement on its own) or
// one transaction's client. Both have this `query`, so one part serves either.
import pg from 'pg';

export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];
const INT8 = 20;
const INT8_ARRAY = 1016;

// BIGINT comes back from pg as a string (it may exceed 2^53). Ours are epoch ms, counts and row
// ids, all far below 2^53, and the store's records hold numbers: read them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === INT8_ARRAY) {
      const parse = pg.types.getTypeParser(INT8_ARRAY as TypeId, 'text') as (
        v: string,
      ) => unknown[];
      return (v: string) => parse(v).map(Number);
    }
    return pg.types.getTypeParser(oid, format) as unknown;
  }) as typeof pg.types.getTypeParser,
};

export function openPool(url: string, max: number): pg.Pool {
  // A database that does not answer fails the call after 5 s instead of holding it forever.
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5_000 });
  // An idle client whose server went away emits 'error'; unhandled, it would end the process.
  // The pool drops that client, and the next query opens a new one.
  pool.on('error', () => undefined);
  // The pool hears only its idle clients: one being ended (pool.end at close, a broken one
  // released) can still report its server's end (a DROP DATABASE … WITH FORCE, a cut), unheard.
  // Each client listens for itself too; a query's own failure still rejects that query.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** One connection of its own, read as the pool reads (a worker thread's: the roll-up check). */
export async function openClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return client;
}

/** Rows per round trip of an `each*` read: bounded memory whatever the table size. */
export const PAGE_ROWS = 5_000;

/**
 * Calls fn for every row of a keyset-paged query, page by page: `page(null)` is the first page,
 * `page(last row)` the one after it. Outside a transaction each page is its own snapshot.
 */
export async function eachKeyset<R extends pg.QueryResultRow>(
  q: Queryable,
  page: (after: R | null) => [string, unknown[]],
  fn: (r: R) => void,
): Promise<void> {
  let after: R | null = null;
  for (;;) {
    const [text, values] = page(after);
    const { rows } = await q.query<R>(text, values);
    for (const r of rows) fn(r);
    if (rows.length < PAGE_ROWS) return;
    after = rows.at(-1)!;
  }
}
