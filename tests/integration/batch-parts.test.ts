// A batch larger than one part is written as several short transactions, one after the other,
// and answered as one: whole-batch indexes, a bad record rejected alone, figures equal a recount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { BATCH_PART } from '../../server/ingest/batch-parts';
import type { BatchResult } from '../../shared/protocol';

let t: TestApp;
beforeAll(async () => (t = await buildTestApp()));
afterAll(async () => t.close());

describe('a batch of several parts', () => {
  it('answers every record by its index in the whole batch, after all parts committed', async () => {
    const grid = tinyGridIds()[1]!;
    const n = BATCH_PART * 2 + 50;
    const bad = BATCH_PART + 7;
    const records = Array.from({ length: n }, (_, i) => ({
      type: 'problem',
      data: {
        id: `part-${i}`,
        category: 'environment',
        source: 'patrol',
        gridId: i === bad ? 'no-such-grid' : grid,
      },
    }));
    // Its last record moves a problem of the first part on: parts run in order.
    records.push({ type: 'transition', problemId: 'part-0', data: { stage: 'called' } } as never);
    const ingest = t.app.services.ingest;
    const groupsBefore = ingest.groupStats().groups;
    const bulkBefore = ingest.bulkParts();
    const r = await post(t.app, '/api/batch', { records });
    expect(r.statusCode).toBe(200);
    const res = r.json<BatchResult>();
    expect(res.accepted).toBe(n);
    expect(res.rejected).toBe(1);
    expect(res.results.map((x) => x.index)).toEqual(records.map((_, i) => i));
    expect(res.results[bad]).toMatchObject({ ok: false, error: 'unknown_grid' });
    // On PostgreSQL three group commits of 256, 256 and 51 records (its transition is of a
    // problem the first part stored, read back through the single ops); on a SQLite file, one
    // part for the bulk writer, whose parts hold up to 2,560 records.
    const bulk = ingest.bulkParts() - bulkBefore;
    const groups = ingest.groupStats().groups - groupsBefore;
    if (t.app.services.store.offThread) expect([bulk, groups]).toEqual([1, 0]);
    else expect([bulk, groups]).toEqual([0, 3]);
    expect((await t.app.inject({ url: '/api/problems/part-0' })).json()).toMatchObject({
      stage: 'called',
    });
    expect((await t.app.inject({ url: `/api/problems/part-${bad}` })).statusCode).toBe(404);
    const recount = await post(
      t.app,
      '/api/admin/recount',
      {},
      {
        authorization: `Bearer ${ADMIN}`,
      },
    );
    expect(recount.json().identical).toBe(true);
  });

  it('sends a part the bulk writer does not take through the group commit, BATCH_PART at a time', async () => {
    const grid = tinyGridIds()[2]!;
    const n = BATCH_PART * 2 + 40;
    const records: Array<Record<string, unknown>> = Array.from({ length: n }, (_, i) => ({
      type: 'problem',
      data: { id: `keyed-${i}`, category: 'environment', source: 'patrol', gridId: grid },
    }));
    // An idempotency key needs the single ops (they remember it): no part of this is planned whole.
    records.push({
      type: 'transition',
      problemId: 'keyed-0',
      idempotencyKey: 'keyed-step-1',
      data: { stage: 'called' },
    });
    const ingest = t.app.services.ingest;
    const groupsBefore = ingest.groupStats().groups;
    const bulkBefore = ingest.bulkParts();
    const r = await post(t.app, '/api/batch', { records });
    expect(r.json<BatchResult>()).toMatchObject({ accepted: n + 1, rejected: 0 });
    expect(ingest.bulkParts() - bulkBefore).toBe(0);
    // 256 + 256 + 41 records: no transaction holds the main thread for a 1,024-record part.
    expect(ingest.groupStats().groups - groupsBefore).toBe(3);
  });
});
