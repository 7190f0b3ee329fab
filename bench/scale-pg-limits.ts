// PostgreSQL's own raw limits, measured on the run's database in the same run as the server's
// figures (a plain table, so every row goes through the WAL as the server's do; dropped after):
// single-row INSERTs each committed on its own, 100-row transactions, and COPY. The server's
// single writes and batches are then also shown as a share of these.
import pg from 'pg';
import { copyOn } from '../server/store/pg/pg-copy';
import { row } from './scale-disk';

export interface PgLimits {
  /** Single-row INSERTs per second on one connection, each its own committed transaction. */
  pgSingleTxPerSecond: number;
  /** Rows per second in 100-row transactions (one multi-row INSERT each). */
  pgRowsPerSecondIn100RowTx: number;
  /** Rows per second through COPY … FROM STDIN in one transaction. */
  pgCopyRowsPerSecond: number;
  /** The database's synchronous_commit: `on` means each commit waited for its fsync. */
  synchronousCommit: string;
}

const COLS = 5;
const values = (i: number) => {
  const r = row(i);
  return [r.id, r.grid, r.category, r.at, r.body];
};

export async function measurePg(url: string, seconds = 2, copyRows = 200_000): Promise<PgLimits> {
  // A pool of one, for a PoolClient: the server's COPY helper runs on one.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ s: string }>(
      "SELECT current_setting('synchronous_commit') AS s",
    );
    await client.query(
      'CREATE TABLE disk_limits (id TEXT PRIMARY KEY, grid TEXT, category TEXT, at BIGINT, body TEXT)',
    );
    let n = 0;
    const timed = async (fn: () => Promise<number>) => {
      const t0 = performance.now();
      let done = 0;
      while (performance.now() - t0 < seconds * 1000) done += await fn();
      return done / ((performance.now() - t0) / 1000);
    };
    const single = await timed(async () => {
      await client.query('INSERT INTO disk_limits VALUES ($1, $2, $3, $4, $5)', values(n++));
      return 1;
    });
    const placeholders = Array.from(
      { length: 100 },
      (_, r) => `(${Array.from({ length: COLS }, (_, c) => `$${r * COLS + c + 1}`).join(', ')})`,
    ).join(', ');
    const hundred = await timed(async () => {
      const params = Array.from({ length: 100 }, () => values(n++)).flat();
      await client.query('BEGIN');
      await client.query(`INSERT INTO disk_limits VALUES ${placeholders}`, params);
      await client.query('COMMIT');
      return 100;
    });
    const copy = copyOn(client, () => (broken = true));
    const from = n;
    const t0 = performance.now();
    await client.query('BEGIN');
    await copy(
      'disk_limits (id, grid, category, at, body)',
      (function* () {
        for (let i = from; i < from + copyRows; i++) yield values(i);
      })(),
    );
    await client.query('COMMIT');
    const copyPerSecond = copyRows / ((performance.now() - t0) / 1000);
    return {
      pgSingleTxPerSecond: Math.round(single),
      pgRowsPerSecondIn100RowTx: Math.round(hundred),
      pgCopyRowsPerSecond: Math.round(copyPerSecond),
      synchronousCommit: rows[0]!.s,
    };
  } finally {
    if (!broken) await client.query('DROP TABLE IF EXISTS disk_limits').catch(() => undefined);
    client.release(broken);
    await pool.end();
  }
}
