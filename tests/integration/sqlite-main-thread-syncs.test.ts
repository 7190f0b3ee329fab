// No fsync of the event loop's own: the store's commits leave every sync to the thread pool
// (sqlite-log-sync.ts), including the one SQLite makes inside the first COMMIT after the log
// started over (its new header, synced at synchronous=NORMAL as at FULL): 72-140 ms on the main
// thread at times on a busy disk. strace -f shows which thread synced what.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ON_PG, SQLITE_ONLY } from './test-store';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'main-syncs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const child = fileURLToPath(new URL('../fixtures/commits-across-restarts.ts', import.meta.url));
// Outside CI a machine without strace skips it, as the browser tests skip without Chromium.
const skip = spawnSync('strace', ['-V']).status !== 0 && !process.env.CI;

describe.skipIf(ON_PG)(`the event loop's syncs (${SQLITE_ONLY})`, () => {
  it.skipIf(skip)('leaves the log fsync of every commit to another thread', () => {
    const trace = join(dir, 'trace.txt');
    const out = execFileSync(
      'strace',
      ['-f', '-y', '-e', 'trace=fsync,fdatasync,openat', '-o', trace, process.execPath].concat([
        '--import',
        'tsx',
        child,
        dir,
      ]),
      { cwd: root, encoding: 'utf8' },
    );
    const main = /main (\d+)/.exec(out)![1]!;
    const lines = readFileSync(trace, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes('commits-start'));
    expect(start).toBeGreaterThan(0);
    const syncs = lines.slice(start).filter((l) => /^\d+ +f(data)?sync\(/.test(l));
    const of = (pid: string) => syncs.filter((l) => l.startsWith(`${pid} `));
    // The six commits were synced (each log fdatasync'd before the commit answered) ...
    expect(syncs.filter((l) => l.includes('db.sqlite-wal')).length).toBeGreaterThanOrEqual(6);
    // ... and none of it on the main thread (its thread id is the process id).
    expect(of(main)).toEqual([]);
  });
});
