// Every connection of ours checkpoints its log itself only past LOG_PAGES, not at SQLite's
// default of 1,000 pages: a writer thread's connection (the batch's, an import's) otherwise
// copied and fsynced the database file inside most of its COMMITs, on the write's path, while
// the checkpoint worker is there to do it. The log still stays bounded.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteSync } from '../../server/store/sqlite-store';
import { LOG_PAGES } from '../../server/store/sqlite-checkpointer';

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
});
