// The main connection's page cache set aside for writers on other connections (sqlite-store.ts):
// let go a slice per turn before the first holder, given back only after the last one, however
// their holds overlap (an import and the batch's bulk writer at once).
import { describe, expect, it } from 'vitest';
import { cacheAsider, type CacheSize } from '../../server/store/sqlite-store';

function recorder() {
  const sizes: Array<number | undefined> = [];
  const cache: CacheSize = { kb: (kb) => void sizes.push(kb) };
  const full = () => sizes.at(-1) === undefined && sizes.length > 0;
  return { cache, sizes, full };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('cacheAsider', () => {
  it('lets the cache go in slices before fn runs, and gives it back after', async () => {
    const { cache, sizes } = recorder();
    let seen: Array<number | undefined> = [];
    await cacheAsider(cache)(async () => {
      seen = [...sizes];
    });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(2048);
    // Strictly shrinking, a slice at a time.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeLessThan(seen[i - 1]!);
    expect(sizes.at(-1)).toBeUndefined();
  });

  it('keeps it aside until the last of overlapping holders lets go', async () => {
    const { cache, sizes, full } = recorder();
    const aside = cacheAsider(cache);
    let endA!: () => void;
    let endB!: () => void;
    let bRan = false;
    const a = aside(() => new Promise<void>((r) => (endA = r)));
    await turn();
    const b = aside(async () => {
      bRan = true;
      // B runs only once the cache is all the way down, though A began the shrinking.
      expect(sizes.at(-1)).toBe(2048);
      await new Promise<void>((r) => (endB = r));
    });
    while (!bRan) await turn();
    const shrinks = sizes.length;
    endA();
    await a;
    expect(full()).toBe(false);
    expect(sizes.length).toBe(shrinks);
    endB();
    await b;
    expect(full()).toBe(true);
  });
});
