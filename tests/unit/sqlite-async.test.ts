// The embedded store behind the async interface: another caller's statement never joins an open
// transaction (a rollback would take it along, a read would see uncommitted rows), `after` runs
// before anything queued later, and a nested transaction is a savepoint that fails alone.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openSqliteStore } from '../../server/store/sqlite-store';

describe('SQLite store behind the async interface', () => {
  it('keeps a write made while another transaction is open out of that transaction', async () => {
    const store = openSqliteStore(':memory:');
    let outside: Promise<void> | undefined;
    const failed = store.transaction(async (tx) => {
      await tx.setMeta('inside', '1');
      // Another caller writes while this transaction is open …
      outside = store.setMeta('outside', '1');
      await tx.setMeta('inside-2', '1');
      throw new Error('this transaction fails');
    });
    await expect(failed).rejects.toThrow('this transaction fails');
    await outside;
    // … and its write survives the rollback, which took only the transaction's own rows.
    expect(await store.getMeta('outside')).toBe('1');
    expect(await store.getMeta('inside')).toBeUndefined();
    expect(await store.getMeta('inside-2')).toBeUndefined();
    await store.close();
  });

  it('answers a read issued during a transaction with what was committed after it', async () => {
    const store = openSqliteStore(':memory:');
    let read: Promise<string | undefined> | undefined;
    await store.transaction(async (tx) => {
      await tx.setMeta('k', 'new');
      read = store.getMeta('k'); // waits for the COMMIT rather than reading uncommitted rows
      await tx.setMeta('k', 'newer');
    });
    expect(await read).toBe('newer');
    await store.close();
  });

  it('runs after() right after the commit, before any call queued meanwhile', async () => {
    const store = openSqliteStore(':memory:');
    const order: string[] = [];
    const tx = store.transaction(
      async (t) => {
        await t.setMeta('a', '1');
        void store.getMeta('a').then(() => order.push('later read'));
        await t.setMeta('b', '1');
        return 'result';
      },
      (r) => order.push(`after ${r}`),
    );
    await tx;
    await store.getMeta('a');
    expect(order).toEqual(['after result', 'later read']);
    await store.close();
  });

  it('rolls back a failed savepoint alone, for any mix of nested outcomes', async () => {
    const store = openSqliteStore(':memory:');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), async (oks) => {
        const p = `r${run++}-`;
        await store.transaction(async (tx) => {
          for (const [i, ok] of oks.entries())
            await tx
              .transaction(async (inner) => {
                await inner.setMeta(`${p}${i}`, 'v');
                if (!ok) throw new Error('refused');
              })
              .catch(() => undefined);
        });
        for (const [i, ok] of oks.entries())
          expect((await store.getMeta(`${p}${i}`)) !== undefined).toBe(ok);
      }),
      { numRuns: 50, seed: 20261127 },
    );
    await store.close();
  });

  it('refuses calls after close', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    await expect(store.getMeta('x')).rejects.toThrow('closed');
  });
});
