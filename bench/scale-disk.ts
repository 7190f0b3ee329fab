// The raw limits of this disk with better-sqlite3, measured in the same run as the server's
// figures (a temp file in the same directory, WAL, synchronous=FULL as the server runs): a
// shared machine's noise moves both, so each server figure is also reported as a share of these.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export interface DiskLimits {
  /** Single-row transactions per second, each committed with its fsync. */
  singleTxPerSecond: number;
  /** Rows per second in 100-row transactions. */
  rowsPerSecondIn100RowTx: number;
  /** Rows per second in one big transaction. */
  rowsPerSecondInOneTx: number;
}

/** A row about the size of a stored problem (ids, codes, times, position). */
export const row = (i: number) => ({
  id: `disk-${i}`,
  grid: `510106${String(i % 997).padStart(6, '0')}-g${i % 13}`,
  category: 'environment',
  at: 1_700_000_000_000 + i * 1000,
  body: 'x'.repeat(120),
});

export function measureDisk(dir: string, seconds = 2, oneTxRows = 200_000): DiskLimits {
  const file = join(dir, 'disk-limits.sqlite');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(
      'CREATE TABLE t (id TEXT PRIMARY KEY, grid TEXT, category TEXT, at INTEGER, body TEXT)',
    );
    const insert = db.prepare('INSERT INTO t VALUES (@id, @grid, @category, @at, @body)');
    let n = 0;
    const timed = (fn: () => number) => {
      const t0 = performance.now();
      let rows = 0;
      while (performance.now() - t0 < seconds * 1000) rows += fn();
      return rows / ((performance.now() - t0) / 1000);
    };
    const singleTxPerSecond = timed(() => (insert.run(row(n++)), 1));
    const hundred = db.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run(row(n++));
      return 100;
    });
    const rowsPerSecondIn100RowTx = timed(() => hundred());
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < oneTxRows; i++) insert.run(row(n++));
    })();
    const rowsPerSecondInOneTx = oneTxRows / ((performance.now() - t0) / 1000);
    return {
      singleTxPerSecond: Math.round(singleTxPerSecond),
      rowsPerSecondIn100RowTx: Math.round(rowsPerSecondIn100RowTx),
      rowsPerSecondInOneTx: Math.round(rowsPerSecondInOneTx),
    };
  } finally {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}
