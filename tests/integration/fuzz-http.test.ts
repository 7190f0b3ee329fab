// Property-based fuzz of every HTTP route (tests/fuzz/http-cases.ts): valid, near-valid and
// hostile bodies, query strings, headers, methods and path spellings. No answer may be a 5xx,
// every 4xx has the one error shape, and afterwards the process answers, the store is sound and
// the running totals equal a recount. `npm test` runs a seed-pinned few hundred cases;
// `npm run test:fuzz` runs 10,000 (FUZZ_RUNS scales it, FUZZ_SEED reproduces a failure).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TestApp } from './build-app';
import { buildFuzzApp } from '../fuzz/fuzz-app';
import { answerProblem, httpCase, FUZZ_ADMIN, type HttpCase } from '../fuzz/http-cases';
import {
  domainFaults,
  prototypePolluted,
  recountDiffers,
  sqliteIntegrity,
} from '../fuzz/integrity';
import { watchEventLoop } from '../fuzz/loop-delay';
import { HTTP_RUNS, SEED, timeoutFor } from '../fuzz/scale';

describe('HTTP fuzz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildFuzzApp();
  });
  afterAll(async () => t?.close());

  const send = (c: HttpCase) =>
    t.app.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: c.headers,
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });

  it(
    `answers ${HTTP_RUNS} generated requests without a 5xx, every 4xx in the error shape`,
    async () => {
      const statuses = new Map<number, number>();
      let ran = 0;
      const loop = watchEventLoop();
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(httpCase, async (c) => {
          ran++;
          const res = await send(c);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = answerProblem(c, res);
          if (problem)
            throw new Error(`${c.method} ${c.url.slice(0, 200)} (${c.kind}) → ${problem}`);
        }),
        { numRuns: HTTP_RUNS, seed: SEED, endOnFailure: false },
      );
      const delay = loop.stop();
      const byStatus = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
      console.log(
        `fuzz http: ${ran} cases in ${Math.round(performance.now() - started)} ms (seed ${SEED}); ` +
          `answers ${byStatus.join(' ')}; event loop p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms`,
      );
      expect(ran).toBeGreaterThanOrEqual(HTTP_RUNS);
      // The run reached past the gates: some writes were stored, some refused by the schema.
      expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    },
    timeoutFor(HTTP_RUNS, 30),
  );

  it('is alive and sound afterwards: health, store integrity, domain rules, recount', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(sqliteIntegrity(t.config.dbFile)).toEqual([]);
    expect(await domainFaults(t.app)).toEqual([]);
    expect(await recountDiffers(t.app, FUZZ_ADMIN)).toEqual([]);
    expect(prototypePolluted()).toEqual([]);
  });
});
