// The compact shared-strings table must give back exactly what exceljs put in, whatever the
// text (ASCII ids, Chinese addresses, emoji with surrogate pairs, empty cells, rich text), at
// any size; and an XLSX read through it must yield the same cells as exceljs's own array.
// exceljs's XML parser is fixed before exceljs loads (exceljs-utf8.ts).
import { xlsxRows } from '../../server/import/row-sources';
import '../../server/import/exceljs-utf8';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SharedStrings, sharedStringsArray } from '../../server/import/shared-strings';

const entry = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('金', '牛', '区', 'é', 'A', '１', '😀'), maxLength: 30 }),
  fc.constant(''),
  fc.string({ maxLength: 5 }).map((text) => ({ richText: [{ text, font: { bold: true } }] })),
);

describe('SharedStrings', () => {
  it('gives back every entry as pushed, for any texts, across its growth', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 3000 }), (entries) => {
        const table = new SharedStrings();
        const array = sharedStringsArray(table);
        for (const e of entries) array.push(e);
        expect(array.length).toBe(entries.length);
        entries.forEach((e, i) => expect(array[i]).toEqual(e));
        expect(array[entries.length]).toBeUndefined();
        expect(array[-1]).toBeUndefined();
      }),
      { numRuns: 80, seed: 1616 },
    );
  });

  it('reads a sheet as exceljs wrote it, Chinese split between XML chunks included', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sst-')), 'export.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = wb.addWorksheet('工单');
    const rows = [
      ['工单编号', '诉求内容', '所属社区', '受理时间'],
      ...Array.from({ length: 5000 }, (_, i) => [
        `12345-${i}`,
        i % 7 === 0 ? '' : `${'楼道堆物'.repeat(1 + (i % 5))} 😀 第${i}号`,
        i % 2 ? '九里堤社区' : 'Jiulidi',
        i,
      ]),
    ];
    for (const r of rows) sheet.addRow(r).commit();
    await wb.commit();
    const read: unknown[][] = [];
    for await (const [, cells] of xlsxRows(file, { bytes: 0 })) read.push(cells);
    // exceljs gives an empty cell back as a missing value; the rest as written.
    expect(read).toEqual(rows.map((r) => r.map((v) => (v === '' ? undefined : v))));
  });
});
