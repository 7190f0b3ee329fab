// A configured token's scope is remembered for a short while (auth.ts fixedScopes): an answer is
// always what the store said at most FIXED_SCOPE_TTL_MS ago, a token the store does not know is
// asked about every time, and the store is not asked again within that time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIXED_SCOPE_TTL_MS, fixedScopes, hashToken } from '../../server/auth';

const TOKENS = ['token-a-0000000001', 'token-b-0000000001'];

describe('fixedScopes', () => {
  it('answers what the store said at most FIXED_SCOPE_TTL_MS ago', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1500 }) }),
      fc.record({
        kind: fc.constant('set' as const),
        token: fc.constantFrom(...TOKENS),
        scope: fc.constantFrom(undefined, 'ingest', 'admin'),
      }),
      fc.record({ kind: fc.constant('ask' as const), token: fc.constantFrom(...TOKENS) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        let clock = 0;
        const stored = new Map<string, string>();
        /** Every state each token's hash had, with the time it began. */
        const history = new Map<string, Array<{ from: number; scope: string | undefined }>>();
        for (const t of TOKENS) history.set(hashToken(t), [{ from: 0, scope: undefined }]);
        let asked = 0;
        const scopeOf = fixedScopes(
          {
            tokenScope: async (hash) => {
              asked++;
              return stored.get(hash);
            },
          },
          () => clock,
        );
        for (const s of steps) {
          if (s.kind === 'wait') clock += s.ms;
          else if (s.kind === 'set') {
            const hash = hashToken(s.token);
            if (s.scope === undefined) stored.delete(hash);
            else stored.set(hash, s.scope);
            history.get(hash)!.push({ from: clock, scope: s.scope });
          } else {
            const before = asked;
            const { scope, hash } = await scopeOf(s.token);
            expect(hash).toBe(hashToken(s.token));
            const states = history.get(hash)!;
            // The states in force at some moment of (clock - TTL, clock].
            const recent = states.filter(
              (st, i) => (states[i + 1]?.from ?? Infinity) > clock - FIXED_SCOPE_TTL_MS,
            );
            expect(recent.map((st) => st.scope)).toContain(scope);
            // A token the store did not know was asked about now, not taken from memory.
            if (scope === undefined) expect(asked).toBe(before + 1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('asks the store once per FIXED_SCOPE_TTL_MS for a known token', async () => {
    let clock = 0;
    let asked = 0;
    const scopeOf = fixedScopes(
      {
        tokenScope: async () => {
          asked++;
          return 'ingest';
        },
      },
      () => clock,
    );
    for (let i = 0; i < 10; i++) expect((await scopeOf(TOKENS[0]!)).scope).toBe('ingest');
    expect(asked).toBe(1);
    clock += FIXED_SCOPE_TTL_MS;
    expect((await scopeOf(TOKENS[0]!)).scope).toBe('ingest');
    expect(asked).toBe(2);
  });
});
