// A change counts as "already in the reloaded figures" exactly when PostgreSQL's snapshot saw its
// transaction commit: checked against a model of transactions beginning and committing around
// the moment a snapshot is taken, with ids past 2^53 (xid8 after many wraparound epochs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSnapshot, visibleIn } from '../../server/cluster/snapshot';

/** Steps of a database: a transaction begins (takes the next id) or one running commits. */
const step = fc.oneof(fc.constant('begin' as const), fc.nat({ max: 1_000 }));

/**
 * Runs `before` steps, takes the snapshot as PostgreSQL reports it, runs `after` steps. Returns
 * the snapshot's text and, per committed id, whether it committed before the snapshot.
 */
function run(base: bigint, before: Array<'begin' | number>, after: Array<'begin' | number>) {
  let next = base;
  const running: bigint[] = [];
  const committedBefore = new Map<bigint, boolean>();
  const apply = (s: 'begin' | number, early: boolean) => {
    if (s === 'begin') running.push(next++);
    else if (running.length > 0)
      committedBefore.set(running.splice(s % running.length, 1)[0]!, early);
  };
  for (const s of before) apply(s, true);
  const sorted = [...running].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const xmin = sorted[0] ?? next;
  const text = `${xmin}:${next}:${sorted.join(',')}`;
  for (const s of after) apply(s, false);
  return { text, committedBefore };
}

describe('visibleIn', () => {
  it('sees exactly the transactions that committed before the snapshot', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 3n, max: 2n ** 63n - 5_000n }),
        fc.array(step, { maxLength: 200 }),
        fc.array(step, { maxLength: 200 }),
        (base, before, after) => {
          const { text, committedBefore } = run(base, before, after);
          const snap = parseSnapshot(text);
          for (const [xid, early] of committedBefore)
            expect(visibleIn(String(xid), snap), `${xid} in ${text}`).toBe(early);
        },
      ),
    );
  });

  it('keeps ids past 2^53 apart (a Number would round them together)', () => {
    const snap = parseSnapshot('9007199254740993:9007199254740995:9007199254740993');
    expect(visibleIn('9007199254740992', snap)).toBe(true);
    expect(visibleIn('9007199254740993', snap)).toBe(false);
    expect(visibleIn('9007199254740994', snap)).toBe(true);
    expect(visibleIn('9007199254740995', snap)).toBe(false);
  });

  it('reads the text PostgreSQL writes, an empty list too, and refuses anything else', () => {
    expect(parseSnapshot('10:20:')).toEqual({ xmin: 10n, xmax: 20n, running: new Set() });
    expect(parseSnapshot('10:20:10,15')).toEqual({
      xmin: 10n,
      xmax: 20n,
      running: new Set([10n, 15n]),
    });
    expect(() => parseSnapshot('10:20')).toThrow(/pg_snapshot/);
  });
});
