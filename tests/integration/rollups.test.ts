// The stored roll-ups against a full recount of the rows, after random sequences of writes (good
// and bad records, transitions in and out of order, ratings, activity, an undone import): the
// live figures, the figures a restart loads from the roll-ups, and the recount must be identical.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, post, type TestApp } from './build-app';
import { recountFromStore } from '../../server/aggregate/recount';
import { aggregatorFromStore } from '../../server/aggregate/startup';
import { expectSameFigures, recordsArb } from './rollup-figures';

const NOW = Date.parse('2026-11-23T15:30:00+08:00');
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: () => NOW });
});
afterAll(async () => t?.close());

describe('roll-ups', () => {
  it('equal a recount of the rows after any sequence of writes', async () => {
    const s = t.app.services;
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }).chain((n) => recordsArb((serial += n + 1), NOW)),
        fc.boolean(),
        async (records, undo) => {
          const r = await post(t.app, '/api/batch', { records });
          expect(r.statusCode).toBe(200);
          if (undo) {
            // An undone import: some stored problems deleted, their figures taken back.
            const ids = new Set(
              records.filter((x) => x.type === 'problem').map((x) => (x.data as { id: string }).id),
            );
            const gone = [...ids]
              .map((id) => s.store.getProblem(id))
              .filter((p) => p !== undefined)
              .slice(0, 3);
            s.store.transaction(() => s.store.imports.deleteProblems(gone.map((p) => p.id)));
            for (const p of gone) s.agg.removeProblem(p);
          }
          const recount = recountFromStore(s.store, s.index, () => NOW).agg;
          expectSameFigures(s.agg, recount, 'live');
          expectSameFigures(
            aggregatorFromStore(s.store, s.index, () => NOW).agg,
            recount,
            'loaded',
          );
        },
      ),
      { numRuns: 25, seed: 20261127 },
    );
    // The property saw real work: problems stored, some closed, some rated.
    const d = s.agg.windows(s.index.districtId).year;
    expect(d.reported).toBeGreaterThan(20);
    expect(d.solved).toBeGreaterThan(0);
  });
});
