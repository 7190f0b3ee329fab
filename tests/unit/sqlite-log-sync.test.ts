// The async store's commits fsync off the event loop (sqlite-log-sync.ts): nobody may hear of a
// commit (its caller, its `after`, the next call in the queue) before the log is on disk, the
// loop must stay free meanwhile, and a failed fsync must reach the crash policy.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteSync } from '../../server/store/sqlite-store';
import { asyncSqlite } from '../../server/store/sqlite-async';
import { logSync } from '../../server/store/sqlite-log-sync';

const dirs: string[] = [];
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'log-sync-'));
  dirs.push(dir);
  return join(dir, 'screen.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A store whose fsync waits for `release`, counting how often it was asked for. */
function gatedStore(fail?: Error) {
  const sync = openSqliteSync(dbFile());
  const gate = { calls: 0, release: () => {}, lost: [] as unknown[] };
  const store = asyncSqlite(
    {
      ...sync,
      flushLog: () => {
        gate.calls++;
        return new Promise<void>((ok, no) => {
          gate.release = () => (fail ? no(fail) : ok());
        });
      },
    },
    (err) => gate.lost.push(err),
  );
  return { store, gate };
}

const turn = () => new Promise((r) => setTimeout(r, 5));
const openFiles = () =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });

describe('commits fsynced off the event loop', () => {
  it('tells nobody of a commit until its log is on disk, and keeps the loop free meanwhile', async () => {
    const { store, gate } = gatedStore();
    const heard: string[] = [];
    const tx = store.transaction(
      async (t) => t.setMeta('k', 'v'),
      () => heard.push('after'),
    );
    void tx.then(() => heard.push('caller'));
    const read = store.getMeta('k').then((v) => heard.push(`read ${v}`));
    // Timers run while the fsync is outstanding: the loop is not held by it.
    let ticks = 0;
    for (let i = 0; i < 4; i++) {
      await turn();
      ticks++;
    }
    expect(ticks).toBe(4);
    expect(gate.calls).toBe(1);
    expect(heard).toEqual([]);
    gate.release();
    await tx;
    await read;
    expect(heard).toEqual(['after', 'caller', 'read v']);
    await store.close();
  });

  it('leaves a deferred flush to the next ordinary commit, and savepoints to their transaction', async () => {
    const { store, gate } = gatedStore();
    await store.transaction(async (t) => t.setMeta('a', '1'), undefined, { deferFlush: true });
    expect(gate.calls).toBe(0);
    const tx = store.transaction(async (t) => {
      await t.transaction(async (inner) => inner.setMeta('b', '1'));
      await t.setMeta('c', '1');
    });
    await turn();
    expect(gate.calls).toBe(1);
    gate.release();
    await tx;
    expect(await store.getMeta('b')).toBe('1');
    await store.close();
  });

  it('answers a failed fsync with the error, runs no after(), and reports it as lost', async () => {
    const eio = Object.assign(new Error('input/output error'), { code: 'EIO' });
    const { store, gate } = gatedStore(eio);
    let after = false;
    const tx = store.transaction(
      async (t) => t.setMeta('k', 'v'),
      () => {
        after = true;
      },
    );
    await turn();
    gate.release();
    await expect(tx).rejects.toBe(eio);
    expect(after).toBe(false);
    expect(gate.lost).toEqual([eio]);
    await store.close();
  });

  it('fsyncs the database log itself, through a descriptor it closes with the store', async () => {
    const file = dbFile();
    const sync = openSqliteSync(file);
    sync.setMeta('k', 'v'); // the log exists once something was written
    const logOpen = () => openFiles().filter((f) => f === `${file}-wal`).length;
    const bySqlite = logOpen();
    const log = logSync(file);
    await log.sync();
    await log.sync();
    expect(logOpen()).toBe(bySqlite + 1);
    log.close();
    expect(logOpen()).toBe(bySqlite);
    sync.close();
  });

  it('refuses to call a commit durable when the log cannot be opened', async () => {
    const log = logSync(dbFile());
    await expect(log.sync()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
