// The group committer on a real SQLite store: writes queued together share one transaction,
// each in its own savepoint; a caller hears back only after the shared COMMIT, and a bad write
// (a 4xx, or an unexpected throw) takes nothing but itself down.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroupCommitter } from '../../server/ingest/group-commit';
import type { OpResult } from '../../server/ingest/ingest-deps';
import { HttpError } from '../../server/http-error';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { Store } from '../../server/store/records';

const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A store on a fresh file, and a second connection that sees only what was committed. */
function open() {
  const file = join(dir, `gc-${files++}.sqlite`);
  const store = openSqliteStore(file);
  const reader = new Database(file, { readonly: true });
  const get = reader.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  return { store, committed: (key: string) => get.get(key) !== undefined };
}

const OPTS = { windowMs: 0, maxOps: 256 };

/** A write of one meta row that answers with its key. */
const write =
  (key: string, after?: () => void) =>
  async (tx: Store): Promise<OpResult<string>> => {
    await tx.setMeta(key, 'v');
    return { status: 201, body: key, after };
  };

/** Writes its row, then is refused: the row must go with it. */
const refused =
  (key: string) =>
  async (tx: Store): Promise<OpResult<string>> => {
    await tx.setMeta(key, 'v');
    throw new HttpError(400, 'bad_write', `${key} is refused`);
  };

const crashing =
  (key: string) =>
  async (tx: Store): Promise<OpResult<string>> => {
    await tx.setMeta(key, 'v');
    throw new Error(`${key} hit a bug`);
  };

describe('group commit', () => {
  it('commits writes that arrive together once, answering each caller after the commit', async () => {
    const { store, committed } = open();
    const g = createGroupCommitter(store, OPTS);
    const order: string[] = [];
    const visibleInOp: boolean[] = [];
    const answers = Array.from({ length: 20 }, (_, i) =>
      g
        .submit(async (tx) => {
          const r = await write(`k${i}`, () => order.push(`effect ${i}`))(tx);
          visibleInOp.push(committed(`k${i}`));
          return r;
        })
        .then((r) => {
          order.push(`answer ${i}`);
          return { key: r.body, committedWhenAnswered: committed(r.body) };
        }),
    );
    const got = await Promise.all(answers);
    expect(g.stats()).toEqual({ groups: 1, ops: 20, largest: 20 });
    // Inside the op nothing was on disk yet; by the answer everything was.
    expect(visibleInOp.every((v) => v === false)).toBe(true);
    expect(got.every((a) => a.committedWhenAnswered)).toBe(true);
    // Effects in arrival order, all before any caller hears back.
    expect(order).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `effect ${i}`),
      ...Array.from({ length: 20 }, (_, i) => `answer ${i}`),
    ]);
    await store.close();
  });

  it('rolls a refused write back alone; its neighbours in the group are stored', async () => {
    const { store, committed } = open();
    const g = createGroupCommitter(store, OPTS);
    const results = await Promise.allSettled([
      g.submit(write('a')),
      g.submit(refused('b')),
      g.submit(write('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(HttpError);
    expect(['a', 'b', 'c'].map(committed)).toEqual([true, false, true]);
    expect(g.stats().groups).toBe(1);
    await store.close();
  });

  it('rejects only the caller of an unexpected throw; the writes after it commit next', async () => {
    const { store, committed } = open();
    const g = createGroupCommitter(store, OPTS);
    const effects: string[] = [];
    const results = await Promise.allSettled([
      g.submit(write('a', () => effects.push('a'))),
      g.submit(crashing('b')),
      g.submit(write('c', () => effects.push('c'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/hit a bug/);
    expect(['a', 'b', 'c'].map(committed)).toEqual([true, false, true]);
    expect(effects).toEqual(['a', 'c']);
    expect(g.stats()).toEqual({ groups: 2, ops: 3, largest: 2 });
    await store.close();
  });

  it('answers no caller with success and applies no effect when the commit fails', async () => {
    const { store, committed } = open();
    // The outer transaction fails at its end, as a COMMIT on a full disk would: rolled back.
    const failing: Store = {
      ...store,
      transaction: (fn, after) =>
        store.transaction(async (tx) => {
          await fn(tx);
          throw new Error('SQLITE_FULL: database or disk is full');
        }, after),
    };
    const g = createGroupCommitter(failing, OPTS);
    const effects: string[] = [];
    const results = await Promise.allSettled([
      g.submit(write('a', () => effects.push('a'))),
      g.submit(refused('b')),
      g.submit(write('c', () => effects.push('c'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/disk is full/);
    // The refused write keeps its own 4xx: it was refused whatever the commit did.
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(HttpError);
    expect(['a', 'b', 'c'].map(committed)).toEqual([false, false, false]);
    expect(effects).toEqual([]);
    expect(g.stats().groups).toBe(0);
    await store.close();
  });

  it('commits at most maxOps writes a transaction, in arrival order', async () => {
    const { store } = open();
    const g = createGroupCommitter(store, { windowMs: 0, maxOps: 4 });
    const effects: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => g.submit(write(`k${i}`, () => effects.push(i)))),
    );
    expect(g.stats()).toEqual({ groups: 3, ops: 10, largest: 4 });
    expect(effects).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await store.close();
  });

  it('holds at most maxWeight of work a transaction; a heavier op goes alone', async () => {
    const { store } = open();
    const g = createGroupCommitter(store, { windowMs: 0, maxOps: 256, maxWeight: 10 });
    const effects: number[] = [];
    const weights = [4, 4, 4, 12, 1, 9, 1];
    await Promise.all(
      weights.map((w, i) =>
        g.submit(
          write(`w${i}`, () => effects.push(i)),
          w,
        ),
      ),
    );
    // [4, 4] [4] [12] [1, 9] [1]
    expect(g.stats()).toEqual({ groups: 5, ops: 7, largest: 2 });
    expect(effects).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await store.close();
  });

  it('lets the event loop turn between ops past turnMs, in one transaction committed once', async () => {
    const { store, committed } = open();
    // Wide margins: b (no hold) must not pass turnMs even on a loaded machine.
    const g = createGroupCommitter(store, { windowMs: 0, maxOps: 256, turnMs: 30 });
    const order: string[] = [];
    /** Holds the loop for `ms` after its write, and asks for a callback on the next turn. */
    const slow = (key: string, ms: number) => async (tx: Store) => {
      const r = await write(key)(tx);
      const t0 = performance.now();
      while (performance.now() - t0 < ms);
      setImmediate(() => order.push(`turn after ${key} (${key} committed: ${committed(key)})`));
      order.push(key);
      return r;
    };
    await Promise.all([g.submit(slow('a', 40)), g.submit(slow('b', 0)), g.submit(slow('c', 40))]);
    // a held the loop past 30 ms: the loop turned before b (a not yet committed); b did not
    // take it past: c followed at once; c did: the loop turned once more before the COMMIT.
    expect(order).toEqual([
      'a',
      'turn after a (a committed: false)',
      'b',
      'c',
      'turn after b (b committed: false)',
      'turn after c (c committed: false)',
    ]);
    expect(g.stats()).toEqual({ groups: 1, ops: 3, largest: 3 });
    expect(['a', 'b', 'c'].map(committed)).toEqual([true, true, true]);
    await store.close();
  });

  it('runs a group in one go without turnMs', async () => {
    const { store } = open();
    const g = createGroupCommitter(store, OPTS);
    const order: string[] = [];
    const slow = (key: string) => async (tx: Store) => {
      const r = await write(key)(tx);
      const t0 = performance.now();
      while (performance.now() - t0 < 10);
      setImmediate(() => order.push(`turn after ${key}`));
      order.push(key);
      return r;
    };
    await Promise.all([g.submit(slow('a')), g.submit(slow('b'))]);
    expect(order.slice(0, 2)).toEqual(['a', 'b']);
    await store.close();
  });

  it('waits windowMs for company when asked to, and flush() commits the queue at once', async () => {
    const { store, committed } = open();
    const g = createGroupCommitter(store, { windowMs: 50, maxOps: 256 });
    const first = g.submit(write('early'));
    await new Promise((r) => setTimeout(r, 10));
    const second = g.submit(write('later'));
    await Promise.all([first, second]);
    expect(g.stats()).toEqual({ groups: 1, ops: 2, largest: 2 });
    const queued = g.submit(write('queued'));
    await g.flush();
    expect(committed('queued')).toBe(true);
    await queued;
    await store.close();
  });

  it('stores exactly the good writes of any sequence, whatever the group size', async () => {
    const store = openSqliteStore(':memory:');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ok', 'refused', 'crash'), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (kinds, maxOps) => {
          const g = createGroupCommitter(store, { windowMs: 0, maxOps });
          const p = `r${run++}-`;
          const ops = { ok: write, refused, crash: crashing };
          const results = await Promise.allSettled(
            kinds.map((k, i) => g.submit(ops[k](`${p}${i}`))),
          );
          for (const [i, k] of kinds.entries()) {
            expect(results[i]!.status).toBe(k === 'ok' ? 'fulfilled' : 'rejected');
            expect((await store.getMeta(`${p}${i}`)) !== undefined).toBe(k === 'ok');
          }
          expect(g.stats().ops).toBe(kinds.length);
        },
      ),
      { numRuns: 200 },
    );
    await store.close();
  });
});
