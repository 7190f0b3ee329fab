// Every connection of ours checkpoints its log itself only past LOG_PAGES, not at SQLite's
// default of 1,000 pages: a writer thread's connection (the batch's, an import's) otherwise
// copied and fsynced the database file inside most of its COMMITs, on the write's path, while
// the checkpoint worker is there to do it. The log still stays bounded, and while commits keep
// coming the worker finishes its checkpoint in a quiet spell rather than a writer's COMMIT.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteSync } from '../../server/store/sqlite-store';
import {
  BEHIND_PAGES,
  checkpointElsewhere,
  LOG_PAGES,
} from '../../server/store/sqlite-checkpointer';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PAGE = 4096;
const size = (f: string) => statSync(f).size;

describe('SQLite log bound', () => {
  it("leaves a writer connection's log to the checkpoint worker up to LOG_PAGES, then bounds it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-bound-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    // A connection as the writer threads open one: no checkpoint worker of its own.
    const store = openSqliteSync(file);
    const dbAtStart = size(file);
    let n = 0;
    // ~100 pages a transaction: each value is most of a page.
    const commit = () =>
      store.transaction(() => {
        for (let i = 0; i < 100; i++) store.setMeta(`k${n++}`, 'x'.repeat(3500));
      });
    const walPages = () => size(`${file}-wal`) / PAGE;

    // Past SQLite's default (1,000 pages) and well short of ours: no checkpoint on a COMMIT,
    // so nothing reached the database file.
    for (let i = 0; i < 30; i++) commit();
    expect(walPages()).toBeGreaterThan(3 * 1000);
    expect(size(file)).toBe(dbAtStart);

    // Past ours: the COMMIT that crossed it checkpointed, the log started over, and it never
    // grew past the bound by more than a transaction or two.
    let largest = 0;
    while (n < 100 * Math.ceil((2.5 * LOG_PAGES) / 100)) {
      commit();
      largest = Math.max(largest, walPages());
    }
    expect(size(file)).toBeGreaterThan(dbAtStart + LOG_PAGES * PAGE * 0.5);
    expect(largest).toBeLessThan(LOG_PAGES * 1.1);
    store.close();
  });

  it('finishes a log the worker fell behind on in a quiet spell, not in a COMMIT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-quiet-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    // A main connection as openSqliteStore's (its own checkpoints only past LOG_PAGES)...
    openSqliteSync(file).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${LOG_PAGES}`);
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
    // Rounds every 20 ms, not 250: the log is seen past BEHIND_PAGES long before LOG_PAGES at
    // this test's write rate (~50 MB/s), as it is at 250 ms at a server's.
    const checkpoints = checkpointElsewhere(db, file, 20);
    // ... whose writers the hold keeps still, as the store's queue does.
    let held = false;
    checkpoints.quietWith(async (fn) => {
      held = true;
      try {
        await fn();
      } finally {
        held = false;
      }
    });
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commit = db.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run('x'.repeat(3500));
    });
    const walPages = () => size(`${file}-wal`) / PAGE;
    await new Promise((r) => setTimeout(r, 500)); // the worker's start
    // Commits of ~100 pages 2 ms apart until 3 × LOG_PAGES were written: the worker's
    // rounds never copy the log whole before the next commit, so only a quiet spell lets it
    // start over.
    let written = 0;
    let largest = 0;
    let heldCommits = 0;
    while (written < 3 * LOG_PAGES) {
      if (held) heldCommits += 1;
      else {
        commit();
        written += 100;
        largest = Math.max(largest, walPages());
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    checkpoints.stop();
    db.close();
    const seen = JSON.stringify({ largest, heldCommits, quiet: checkpoints.quietCount() });
    // About one quiet spell per BEHIND_PAGES of log written, not one a round (~75 rounds here).
    expect(checkpoints.quietCount(), seen).toBeGreaterThan(0);
    expect(checkpoints.quietCount(), seen).toBeLessThanOrEqual((2 * written) / BEHIND_PAGES);
    expect(heldCommits, seen).toBeGreaterThan(0);
    // No COMMIT reached LOG_PAGES (where it would have checkpointed itself).
    expect(largest, seen).toBeLessThan(LOG_PAGES);
  });
});
