import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GeoJSONFeatureCollection, RegionInfo } from '../../shared/protocol';
import { guessMapping, resolveColumns } from '../../server/import/headers';
import {
  normalizeRow,
  type RowContext,
  type UnmappedPolicy,
} from '../../server/import/normalize-row';
import { createPlaceMatcher } from '../../server/import/places';
import { mergeTables } from '../../server/import/values';
import { stageTimes } from '../../server/import/write-rows';
import { tinyGridIds, tinyRegions } from '../fixtures/tiny-dataset';

const HEADERS = [
  '工单编号',
  '诉求类型',
  '受理时间',
  '派单时间',
  '响应时间',
  '办结时间',
  '网格',
  '满意度',
];
const NOW = Date.parse('2026-11-27T12:00:00+08:00');
const regions = {
  type: 'FeatureCollection',
  features: tinyRegions(),
} as unknown as GeoJSONFeatureCollection<RegionInfo>;
const ctx = (policy: UnmappedPolicy = 'reject'): RowContext => ({
  columns: resolveColumns(HEADERS, guessMapping(HEADERS)).columns,
  headers: HEADERS,
  tables: mergeTables(),
  policy,
  matcher: createPlaceMatcher(regions, 'wgs84'),
  idPrefix: 'imp-test',
  defaultSource: 'hotline',
  now: NOW,
});
const iso = (ms: number) => new Date(ms).toISOString();
const G = tinyGridIds()[0]!;

describe('a row → a problem', () => {
  it('property: stage times in order land, out of order are rejected, and steps follow the times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 30 * 24 }), { nil: null }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.integer({ min: 24 * 31, max: 24 * 300 }),
        (offsets, ageHours) => {
          const reported = NOW - ageHours * 3600_000;
          const times = offsets.map((h) => (h === null ? null : reported + h * 3600_000));
          const cells = [
            'X1',
            '环境卫生',
            iso(reported),
            ...times.map((t) => (t === null ? '' : iso(t))),
            G,
            '',
          ];
          const out = normalizeRow(ctx(), 3, cells);
          const present = [reported, ...times].filter((t): t is number => t !== null);
          const ordered = present.every((t, i) => i === 0 || t >= present[i - 1]!);
          if (!ordered) {
            expect(out).toMatchObject({ kind: 'reject', reject: { reason: 'times_out_of_order' } });
            return;
          }
          expect(out.kind).toBe('ok');
          if (out.kind !== 'ok') return;
          const t = stageTimes(out.row);
          const at = [t.calledAt, t.respondedAt, t.handledAt, t.closedAt].filter(
            (x): x is number => x !== null,
          );
          const last = [...times].reverse().find((x) => x !== null);
          expect(at.length).toBe(
            last === undefined ? 0 : times[2] !== null ? 4 : times[1] !== null ? 2 : 1,
          );
          expect(at.every((x, i) => i === 0 || x >= at[i - 1]!)).toBe(true);
        },
      ),
    );
  });

  it('unmapped values: listed, then other or rejected as asked', () => {
    const cells = ['X2', '噪音扰民', '2026-11-01 09:00', '', '', '', G, ''];
    expect(normalizeRow(ctx('other'), 4, cells)).toMatchObject({
      kind: 'ok',
      row: { category: 'other', source: 'hotline', id: 'imp-test:X2' },
      unmapped: [{ kind: 'category', value: '噪音扰民' }],
    });
    expect(normalizeRow(ctx('reject'), 4, cells)).toMatchObject({
      kind: 'reject',
      reject: { row: 4, column: '诉求类型', value: '噪音扰民', reason: 'unmapped_category' },
    });
    expect(normalizeRow(ctx(), 5, ['', ' ', '', '', '', '', '', ''])).toEqual({ kind: 'blank' });
  });

  it('a row without an id gets the same id for the same content, however it is spaced', () => {
    const c = { ...ctx(), columns: { ...ctx().columns, sourceId: undefined } };
    const a = normalizeRow(c, 1, ['', '环境卫生', '2026-11-01 09:00', '', '', '', G, '']);
    const b = normalizeRow(c, 9, ['', ' 环境卫生', '２０２６-11-01 09:00 ', '', '', '', G, '']);
    expect(a.kind === 'ok' && b.kind === 'ok' && a.row.id === b.row.id).toBe(true);
  });
});
