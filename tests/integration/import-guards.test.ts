// The import API refuses what it cannot use with the one error shape, and a saved mapping is
// what the next import of that source runs with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, INGEST, type TestApp } from './build-app';
import { HOTLINE_EXPECTED, hotlineGbkCsv } from '../fixtures/messy-exports';
import type { ImportDoc } from '../../server/import/import-doc';

const ingest = { authorization: `Bearer ${INGEST}` };
const admin = { authorization: `Bearer ${ADMIN}` };
const octet = { ...ingest, 'content-type': 'application/octet-stream' };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const upload = (query: string, payload: Buffer | string, headers: Record<string, string> = octet) =>
  t.app.inject({ method: 'POST', url: `/api/imports?${query}`, headers, payload });

function expectError(res: { statusCode: number; json(): unknown }, status: number, error: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ error, message: expect.any(String) });
  expect(Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k))).toBe(true);
}

describe('import API guards', () => {
  it('answers every bad call with the one error shape', { timeout: 60_000 }, async () => {
    const q = 'source=12345&filename=a.csv';
    expectError(
      await upload(q, 'a,b\n1,2\n', { 'content-type': 'application/octet-stream' }),
      401,
      'unauthorized',
    );
    expectError(await upload('source=has space&filename=a.csv', 'a,b\n'), 400, 'invalid_request');
    expectError(await upload(`${q}&encoding=latin9`, 'a,b\n'), 400, 'unknown_encoding');
    expectError(await upload(`${q}&extra=1`, 'a,b\n'), 400, 'invalid_request');
    expectError(await upload('source=12345&filename=a.xlsx', 'not a zip'), 400, 'not_xlsx');
    expectError(
      await upload(q, JSON.stringify({ a: 1 }), { ...ingest, 'content-type': 'application/json' }),
      415,
      'no_file',
    );
    expectError(
      await t.app.inject({ url: '/api/imports/../etc', headers: ingest }),
      404,
      'not_found',
    );
    expectError(
      await t.app.inject({ url: '/api/imports/nope', headers: ingest }),
      400,
      'invalid_request',
    );
    expectError(
      await t.app.inject({ url: '/api/imports/imp_abc_12345678', headers: ingest }),
      404,
      'unknown_import',
    );

    const doc = (await upload(q, hotlineGbkCsv(t.config.now()))).json<ImportDoc>();
    const post = (what: string, payload: object, headers = ingest) =>
      t.app.inject({ method: 'POST', url: `/api/imports/${doc.id}/${what}`, headers, payload });
    expectError(await post('run', {}), 409, 'dry_run_first');
    expectError(await post('dry-run', { onUnmapped: 'maybe' }), 400, 'invalid_request');
    expectError(await post('dry-run', { mapping: { datum: 'mars' } }), 400, 'invalid_request');
    expectError(await post('undo', {}), 403, 'forbidden');
    expectError(await post('undo', {}, admin), 409, 'wrong_state');
    expectError(
      await t.app.inject({ url: `/api/imports/${doc.id}/rejects.csv`, headers: ingest }),
      404,
      'no_report',
    );
    expectError(
      await t.app.inject({
        method: 'PUT',
        url: '/api/import-mappings/12345',
        headers: admin,
        payload: { values: { category: { 噪音扰民: 'noise' } } },
      }),
      400,
      'invalid_mapping',
    );
  });

  it(
    'a GBK file forced to UTF-8 fails its dry run with a reason, writing nothing',
    { timeout: 60_000 },
    async () => {
      const doc = (
        await upload('source=12345&filename=a.csv&encoding=utf-8', hotlineGbkCsv(t.config.now()))
      ).json();
      await t.app.inject({
        method: 'POST',
        url: `/api/imports/${doc.id}/dry-run`,
        headers: ingest,
        payload: {},
      });
      await t.app.imports.idle();
      const d = (
        await t.app.inject({ url: `/api/imports/${doc.id}`, headers: ingest })
      ).json<ImportDoc>();
      expect(d).toMatchObject({ status: 'failed', error: { code: 'decode_failed' } });
    },
  );

  it('a corrected column mapping is the one the dry run uses', { timeout: 60_000 }, async () => {
    const doc = (await upload('source=12345&filename=c.csv', hotlineGbkCsv(t.config.now()))).json();
    const columns = {
      sourceId: '工单编号',
      category: '诉求类型',
      reportedAt: '受理时间',
      lon: '经度',
      lat: '纬度',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${doc.id}/dry-run`,
      headers: ingest,
      payload: { mapping: { columns }, onUnmapped: 'reject' },
    });
    expect(res.statusCode).toBe(202);
    await t.app.imports.idle();
    const d = (
      await t.app.inject({ url: `/api/imports/${doc.id}`, headers: ingest })
    ).json<ImportDoc>();
    expect(d.header!.mapping).toEqual(columns);
    // Without the place columns only the row with coordinates inside the district can land.
    expect(d.dryRun!.accepted).toBe(1);
    expect(d.dryRun!.rejected).toEqual({
      unmapped_category: 1,
      bad_date: 1,
      outside_district: 1,
      no_place: 7,
    });
  });

  it(
    'a saved mapping maps the unknown category for the next file',
    { timeout: 60_000 },
    async () => {
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/import-mappings/12345',
        headers: admin,
        payload: { defaultSource: 'hotline', values: { category: { 噪音扰民: 'environment' } } },
      });
      expect(saved.statusCode).toBe(200);
      const doc = (
        await upload('source=12345&filename=b.csv', hotlineGbkCsv(t.config.now()))
      ).json<ImportDoc>();
      expect(doc.settings.mapping.values?.category).toEqual({ 噪音扰民: 'environment' });
      await t.app.inject({
        method: 'POST',
        url: `/api/imports/${doc.id}/dry-run`,
        headers: ingest,
        payload: {},
      });
      await t.app.imports.idle();
      const d = (
        await t.app.inject({ url: `/api/imports/${doc.id}`, headers: ingest })
      ).json<ImportDoc>();
      expect(d.dryRun!.unmapped).toEqual([]);
      expect(d.dryRun!.accepted).toBe(HOTLINE_EXPECTED.accepted + 1);
      const { unmapped_category, ...rest } = HOTLINE_EXPECTED.rejected;
      expect(unmapped_category).toBe(1);
      expect(d.dryRun!.rejected).toEqual(rest);
      const list = (await t.app.inject({ url: '/api/import-mappings', headers: ingest })).json();
      expect(list.mappings).toEqual([{ source: '12345', mapping: saved.json().mapping }]);
    },
  );
});
