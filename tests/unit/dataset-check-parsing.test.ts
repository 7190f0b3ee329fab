// The checker's quick readers must read exactly what the slow ones they replaced read, so that
// every message stays as it was: CSV split by lines and commas when it has no quotes or CRs
// (against csv-parse), and isoTime's day check by arithmetic (against the Date round trip it had).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvRecords } from '../../server/dataset/read-files';
import { isoTime } from '../../server/dataset/check-csv';

type Records = Array<{ record: string[]; info: { lines: number } }>;
/** What the reader uses of a record: its fields and its line. */
const used = (rs: Records) => rs.map((r) => ({ record: r.record, line: r.info.lines }));
const csvParse = (text: string) =>
  used(
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Records,
  );

describe('csvRecords', () => {
  it('gives csv-parse’s records and lines for any text (fast-check)', () => {
    const field = fc.constantFrom('', 'a', '12', ' x ', '金牛区', '-0.5', '\t', '"q"', 'a"b');
    const line = fc.array(field, { maxLength: 5 }).map((fs) => fs.join(','));
    const text = fc
      .tuple(
        fc.boolean(),
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
      )
      .map(
        ([bom, lines, eol, trailing]) =>
          (bom ? '\uFEFF' : '') + lines.join(eol) + (trailing ? eol : ''),
      );
    fc.assert(
      fc.property(text, (t) => {
        let want: unknown;
        try {
          want = csvParse(t);
        } catch {
          want = 'throws';
        }
        let got: unknown;
        try {
          got = used(csvRecords(t));
        } catch {
          got = 'throws';
        }
        expect(got).toEqual(want);
      }),
      { seed: 17, numRuns: 500 },
    );
  });
});

/** isoTime as it was: a Date round trip rejects days that do not exist. */
function isoTimeBefore(s: string): number {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.exec(
      s,
    );
  if (!m) return NaN;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => Number(x ?? 0));
  const probe = new Date(Date.UTC(y!, mo! - 1, d, h, mi, sec));
  if (
    probe.getUTCMonth() !== mo! - 1 ||
    probe.getUTCDate() !== d! ||
    h! > 23 ||
    mi! > 59 ||
    sec! > 59
  )
    return NaN;
  return Date.parse(s);
}

describe('isoTime', () => {
  it('is what the Date round trip said, for real and impossible dates (fast-check)', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const year = fc
      .oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1890, max: 2110 }))
      .map((n) => String(n).padStart(4, '0'));
    const time = fc
      .tuple(
        year,
        two(13),
        two(32),
        two(25),
        two(61),
        fc.option(two(61)),
        fc.constantFrom('', '.5', '.05', '.123'),
        fc.oneof(
          fc.constant('Z'),
          fc.tuple(fc.constantFrom('+', '-'), two(25), two(61)).map(([s, h, m]) => `${s}${h}:${m}`),
        ),
      )
      .map(
        ([y, mo, d, h, mi, sec, frac, off]) =>
          `${y}-${mo}-${d}T${h}:${mi}${sec === null ? '' : `:${sec}${frac}`}${off}`,
      );
    fc.assert(
      fc.property(fc.oneof(time, fc.string()), (s) => {
        expect(isoTime(s)).toBe(isoTimeBefore(s));
      }),
      { seed: 17, numRuns: 3000 },
    );
    expect(isoTime('2024-02-29T09:30:00+08:00')).toBe(Date.parse('2024-02-29T01:30:00Z'));
    expect(isoTime('2026-02-29T09:30:00+08:00')).toBeNaN();
  });
});
