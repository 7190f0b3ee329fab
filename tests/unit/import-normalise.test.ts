import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectEncoding, encodingFromLabel } from '../../server/import/encoding';
import { localToMs, msToSerial, parseDateCell } from '../../server/import/dates';
import { findHeaderRow, guessMapping } from '../../server/import/headers';
import { mapValue, mergeTables } from '../../server/import/values';
import { LOCAL_OFFSET_MS } from '../../shared/local-time';
import { local } from '../fixtures/messy-exports';

const OFFSET = LOCAL_OFFSET_MS;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

// Whole seconds between 1990 and 2090.
const instant = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 })
  .map((s) => s * 1000);

describe('encoding detection', () => {
  const gbk = new Uint8Array([0xb2, 0xe2, 0xca, 0xd4]); // 测试 in GBK
  it('takes a BOM first, then strict UTF-8, else GB18030', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
      by: 'bom',
    });
    expect(detectEncoding(new TextEncoder().encode('受理时间,网格')).encoding).toBe('utf-8');
    expect(detectEncoding(gbk)).toEqual({ encoding: 'gb18030', bomLength: 0, by: 'not_utf8' });
    expect(detectEncoding(gbk, 'utf-8').by).toBe('override');
  });
  it('accepts a UTF-8 character cut at the end of the sample', () => {
    const bytes = new TextEncoder().encode('a'.repeat(10) + '测');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
  });
  it('maps the labels Windows tools write', () => {
    for (const l of ['cp936', '936', 'GBK', 'gb2312', 'ANSI 936'])
      expect(encodingFromLabel(l)).toBe('gb18030');
    expect(encodingFromLabel('latin9')).toBeUndefined();
  });
  it('property: any UTF-8 text is detected as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(detectEncoding(new TextEncoder().encode('x' + s)).encoding).toBe('utf-8');
      }),
    );
  });
});

describe('dates in Asia/Shanghai', () => {
  it('reads the common Chinese formats', () => {
    const want = localToMs(2026, 11, 20, 9, 30)!;
    expect(want).toBe(Date.parse('2026-11-20T09:30:00+08:00'));
    for (const s of [
      '2026/11/20 9:30',
      '2026-11-20 09:30:00',
      '2026年11月20日 09时30分',
      '2026年11月20日09时30分00秒',
      '２０２６/１１/２０ ９:３０',
      '2026-11-20T09:30:00+08:00',
      '2026-11-20T01:30:00Z',
    ])
      expect(parseDateCell(s), s).toEqual({ ok: true, ms: want });
    expect(parseDateCell('2026-11-20')).toEqual({ ok: true, ms: localToMs(2026, 11, 20) });
  });
  it('reads Excel serials and exceljs date cells (UTC fields = local time)', () => {
    expect(parseDateCell(46346.395833333336)).toEqual({
      ok: true,
      ms: localToMs(2026, 11, 20, 9, 30),
    });
    expect(parseDateCell(new Date(Date.UTC(2026, 10, 20, 9, 30)))).toEqual({
      ok: true,
      ms: localToMs(2026, 11, 20, 9, 30),
    });
  });
  it('gives a reason for what is not a date, null for an empty cell', () => {
    for (const s of ['2026-02-30', '2026/13/01', '25:00', 'yesterday', '2026-11-20 24:10', 42])
      expect(parseDateCell(s), String(s)).toEqual({ ok: false, reason: 'bad_date' });
    expect(parseDateCell('  ')).toEqual({ ok: true, ms: null });
    expect(parseDateCell(null)).toEqual({ ok: true, ms: null });
  });
  it('property: every format, full-width or not, gives back the instant', () => {
    fc.assert(
      fc.property(instant, fc.boolean(), (ms, wide) => {
        const t = local(ms);
        const w = (s: string) => (wide ? fullWidth(s) : s);
        const formats = [
          `${t.y}-${pad(t.mo)}-${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`,
          `${t.y}年${t.mo}月${t.d}日 ${pad(t.h)}时${pad(t.mi)}分${pad(t.s)}秒`,
          `${t.y}/${t.mo}/${t.d} ${t.h}:${pad(t.mi)}:${pad(t.s)}`,
        ];
        for (const f of formats) expect(parseDateCell(w(f))).toEqual({ ok: true, ms });
        expect(parseDateCell(msToSerial(ms))).toEqual({ ok: true, ms });
        expect(parseDateCell(new Date(ms + OFFSET))).toEqual({ ok: true, ms });
      }),
    );
  });
});

describe('headers', () => {
  it('recognises Chinese and English headers and skips a title row', () => {
    const rows = [
      ['2026年11月 12345工单导出', '', ''],
      ['', '', ''],
      ['工单编号', '诉求类型', '受理时间', '所属街道', '所属社区', '经度', '纬度', '满意度'],
    ];
    expect(findHeaderRow(rows)).toBe(2);
    expect(guessMapping(rows[2]!)).toEqual({
      sourceId: '工单编号',
      category: '诉求类型',
      reportedAt: '受理时间',
      street: '所属街道',
      community: '所属社区',
      lon: '经度',
      lat: '纬度',
      rating: '满意度',
    });
    expect(
      guessMapping(['Ticket ID', 'Category', 'Reported At', 'Grid ID', '办理时限（必填）']),
    ).toEqual({
      sourceId: 'Ticket ID',
      category: 'Category',
      reportedAt: 'Reported At',
      grid: 'Grid ID',
      dueAt: '办理时限（必填）',
    });
  });
});

describe('value tables', () => {
  it('maps the source system words, full-width and spaced, and our own words', () => {
    const t = mergeTables({ category: { Ｈ类问题: 'safety' } });
    expect(mapValue('category', '环境 卫生', t)).toBe('environment');
    expect(mapValue('category', 'H类问题', t)).toBe('safety');
    expect(mapValue('category', 'parking', t)).toBe('parking');
    expect(mapValue('rating', '基本满意', t)).toBe('basically_satisfied');
    expect(mapValue('source', '１２３４５', t)).toBe('hotline');
    expect(mapValue('category', '噪音扰民', t)).toBeUndefined();
  });
});
