// The import engine end to end through its HTTP API, on messy exports built by the test: dry run
// → import → the same file again (nothing new) → undo (the figures come back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, INGEST, type TestApp } from './build-app';
import {
  GRID_EXPECTED,
  HOTLINE_EXPECTED,
  gridXlsx,
  hotlineGbkCsv,
} from '../fixtures/messy-exports';
import { idPrefixOf } from '../../server/import/normalize-row';
import type { ImportDoc } from '../../server/import/import-doc';

const ingest = { authorization: `Bearer ${INGEST}` };
const admin = { authorization: `Bearer ${ADMIN}` };

let t: TestApp;
beforeAll(async () => {
  // One instant for the whole file: "the figures come back" compares windows that end today, and
  // the clock sweep's run starts at 23:59 and crosses midnight (a CI run did so between the
  // import and its undo, and today's count went from 1 to 0 for the new day, not for the undo).
  const startedAt = Date.now();
  t = await buildTestApp({ now: () => startedAt });
});
afterAll(async () => {
  await t.close();
});

async function upload(body: Buffer, source: string, filename: string): Promise<ImportDoc> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/imports?source=${encodeURIComponent(source)}&filename=${encodeURIComponent(filename)}`,
    headers: { ...ingest, 'content-type': 'application/octet-stream' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(
  id: string,
  what: 'dry-run' | 'run' | 'undo',
  body?: object,
): Promise<ImportDoc> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/imports/${id}/${what}`,
    headers: what === 'undo' ? admin : ingest,
    ...(what === 'undo' ? {} : { payload: body ?? {} }),
  });
  expect(res.statusCode, res.body).toBe(202);
  await t.app.imports.idle();
  const doc = (
    await t.app.inject({ url: `/api/imports/${id}`, headers: ingest })
  ).json<ImportDoc>();
  expect(doc.error).toBeUndefined();
  return doc;
}

const district = () => t.app.services.index.districtId;
const figures = () => JSON.stringify(t.app.services.agg.windows(district()));
const rolling = () => t.app.services.agg.window(district(), 'rolling30').reported;
async function recountIdentical() {
  const res = await t.app.inject({ method: 'POST', url: '/api/admin/recount', headers: admin });
  return res.json().identical as boolean;
}

describe('importing a GBK 12345 export', () => {
  it(
    'dry run, import, re-import stores nothing, undo gives the figures back',
    { timeout: 60_000 },
    async () => {
      const file = hotlineGbkCsv(t.config.now());
      const before = figures();
      const reportedBefore = rolling();

      const doc = await upload(file, '12345', '工单导出.csv');
      expect(doc).toMatchObject({ status: 'uploaded', format: 'csv', bytesTotal: file.length });

      const dry = await step(doc.id, 'dry-run');
      expect(dry.status).toBe('dry_run');
      expect(dry.header).toMatchObject({
        encoding: 'gb18030',
        encodingBy: 'not_utf8',
        headerRow: 2,
      });
      expect(dry.dryRun!.unmapped).toEqual(HOTLINE_EXPECTED.unmapped);
      expect(dry.dryRun!.sample.length).toBe(HOTLINE_EXPECTED.rows); // every non-blank row below the header
      expect(dry.dryRun!.sample[0]!.outcome).toMatchObject({
        ok: true,
        row: { category: 'environment' },
      });
      expect(dry.dryRun!.accepted).toBe(HOTLINE_EXPECTED.accepted);
      expect(figures()).toBe(before);

      // Unmapped values stop the run before anything is written.
      const stopped = await t.app.inject({
        method: 'POST',
        url: `/api/imports/${doc.id}/run`,
        headers: ingest,
        payload: {},
      });
      expect(stopped.statusCode).toBe(409);
      expect(stopped.json()).toMatchObject({
        error: 'unmapped_values',
        details: { unmapped: HOTLINE_EXPECTED.unmapped },
      });
      expect(figures()).toBe(before);

      const done = await step(doc.id, 'run', { onUnmapped: 'reject' });
      expect(done.status).toBe('imported');
      const { accepted, duplicates, skippedBlank, rejected } = done.result!;
      expect({ accepted, duplicates, skippedBlank, rejected }).toEqual({
        accepted: HOTLINE_EXPECTED.accepted,
        duplicates: HOTLINE_EXPECTED.duplicates,
        skippedBlank: HOTLINE_EXPECTED.skippedBlank,
        rejected: HOTLINE_EXPECTED.rejected,
      });
      expect(done.progress).toMatchObject({ bytesRead: file.length, bytesTotal: file.length });
      expect(rolling() - reportedBefore).toBe(HOTLINE_EXPECTED.accepted);
      expect(await recountIdentical()).toBe(true);
      const prefix = idPrefixOf('12345');
      const p1 = await t.app.inject({ url: `/api/problems/${prefix}:A001` });
      expect(p1.json()).toMatchObject({
        category: 'environment',
        source: 'hotline',
        stage: 'closed',
        tier: 'street',
        rating: 'satisfied',
      });

      const report = await t.app.inject({
        url: `/api/imports/${doc.id}/rejects.csv`,
        headers: ingest,
      });
      expect(report.headers['content-type']).toContain('text/csv');
      expect(report.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = report.body.trim().split(/\r?\n/);
      const rejectedRows = Object.values(HOTLINE_EXPECTED.rejected).reduce((a, b) => a + b, 0);
      expect(lines.length).toBe(1 + rejectedRows + 1); // header, rejects, the repeated row once
      expect(report.body).toContain('街道不在本区');
      expect(report.body).toContain('subdistrict not in this district');
      expect(report.body).toContain('duplicate_in_file');

      // The same file again: nothing new.
      const again = await upload(file, '12345', '工单导出.csv');
      // The dry run says so first.
      const dry2 = await step(again.id, 'dry-run', { onUnmapped: 'reject' });
      expect(dry2.dryRun).toMatchObject({
        accepted: 0,
        duplicates: HOTLINE_EXPECTED.accepted + HOTLINE_EXPECTED.duplicates,
      });
      const second = await step(again.id, 'run', { onUnmapped: 'reject' });
      expect(second.result).toMatchObject({
        accepted: 0,
        duplicates: HOTLINE_EXPECTED.accepted + HOTLINE_EXPECTED.duplicates,
      });
      expect(rolling() - reportedBefore).toBe(HOTLINE_EXPECTED.accepted);

      // Undo the re-import: it stored nothing, so it removes nothing.
      expect((await step(again.id, 'undo')).result!.undone).toBe(0);
      expect(rolling() - reportedBefore).toBe(HOTLINE_EXPECTED.accepted);

      const undone = await step(doc.id, 'undo');
      expect(undone).toMatchObject({
        status: 'undone',
        result: { undone: HOTLINE_EXPECTED.accepted },
      });
      expect(figures()).toBe(before);
      expect(await recountIdentical()).toBe(true);
      expect((await t.app.inject({ url: `/api/problems/${prefix}:A001` })).statusCode).toBe(404);

      const list = (await t.app.inject({ url: '/api/imports', headers: ingest })).json();
      expect(list.imports.map((i: ImportDoc) => [i.id, i.status])).toEqual([
        [again.id, 'undone'],
        [doc.id, 'undone'],
      ]);
    },
  );
});

describe('importing a grid-system XLSX', () => {
  it(
    'reads date cells and serials in Shanghai time, title row skipped',
    { timeout: 60_000 },
    async () => {
      const now = t.config.now();
      const doc = await upload(await gridXlsx(now), '网格系统', '事件台账.xlsx');
      expect(doc.format).toBe('xlsx');
      const dry = await step(doc.id, 'dry-run');
      expect(dry.header).toMatchObject({ encoding: 'xlsx', headerRow: 2 });
      expect(dry.dryRun!.unmapped).toEqual([]);
      const done = await step(doc.id, 'run');
      const { accepted, duplicates, skippedBlank, rejected } = done.result!;
      expect({ accepted, duplicates, skippedBlank, rejected }).toEqual(GRID_EXPECTED);
      const p = (await t.app.inject({ url: `/api/problems/${idPrefixOf('网格系统')}:G-1` })).json();
      const t0 = Math.floor((now - 5 * 86_400_000) / 60_000) * 60_000;
      expect(Date.parse(p.reportedAt)).toBe(t0);
      expect(Date.parse(p.closedAt)).toBe(t0 + 86_400_000);
      expect(p).toMatchObject({
        source: 'patrol',
        category: 'property',
        rating: 'basically_satisfied',
      });
      expect(await recountIdentical()).toBe(true);
    },
  );
});
