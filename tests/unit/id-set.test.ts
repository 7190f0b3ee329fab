// The import's IdSet must answer exactly as a Set<number> of the same hashes would, whatever the
// hashes (0, neighbours, values past 2^32 that share their low bits) and across its growth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../server/import/id-set';
import { idHash } from '../../server/import/slice-writer';

/** 53-bit hashes, crowded on purpose: few distinct low words, so probes collide and wrap. */
const hash = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 64 }),
  fc
    .tuple(fc.integer({ min: 0, max: 0x1fffff }), fc.integer({ min: 0, max: 7 }))
    .map(([hi, lo]) => hi * 0x100000000 + lo),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

describe('IdSet', () => {
  it('adds and answers as a Set<number> does, for any sequence of hashes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), hash), { maxLength: 6000 }), (ops) => {
        const ids = new IdSet();
        const model = new Set<number>();
        for (const [adding, h] of ops)
          if (adding) {
            expect(ids.add(h)).toBe(!model.has(h));
            model.add(h);
          } else expect(ids.has(h)).toBe(model.has(h));
        expect(ids.size).toBe(model.size);
        for (const h of model) expect(ids.has(h)).toBe(true);
      }),
      { numRuns: 60, seed: 1616 },
    );
  });

  it('holds a file of 200,000 ids, each once, through several doublings', () => {
    const ids = new IdSet();
    for (let i = 0; i < 200_000; i++) expect(ids.add(idHash(`12345-2026-${i}`))).toBe(true);
    expect(ids.size).toBe(200_000);
    let again = 0;
    for (let i = 0; i < 200_000; i += 7) if (!ids.add(idHash(`12345-2026-${i}`))) again++;
    expect(again).toBe(Math.ceil(200_000 / 7));
    expect(ids.has(idHash('12345-2026-200000'))).toBe(false);
  });
});
