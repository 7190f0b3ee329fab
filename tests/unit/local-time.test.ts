// The one local-time helper (Asia/Shanghai, +08:00) against the platform's own time-zone database,
// for any instant from 1992 (China's last daylight-saving year was 1991) to 2100.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAY_MS,
  dayNumber,
  dayNumberToKey,
  dayStartMs,
  localDayStart,
  localHour,
  localIso,
  localWeekday,
} from '../../shared/local-time';

const dayKey = (t: number) => dayNumberToKey(dayNumber(t));
import { parseMoment } from '../../shared/moment';
import { windowDays } from '../../server/metrics/time';

const instant = fc.integer({
  min: Date.parse('1992-01-01T00:00:00Z'),
  max: Date.parse('2100-01-01T00:00:00Z'),
});
const shanghai = (t: number, o: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', ...o }).format(t);

describe('local time', () => {
  it('agrees with Intl on the local date, hour and weekday of any instant', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const [d, m, y] = shanghai(t, { day: '2-digit', month: '2-digit', year: 'numeric' }).split(
          '/',
        );
        expect(dayKey(t)).toBe(`${y}-${m}-${d}`);
        expect(localHour(t)).toBe(Number(shanghai(t, { hour: '2-digit', hourCycle: 'h23' })));
        const weekday = shanghai(t, { weekday: 'short' });
        expect(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][localWeekday(t)]).toBe(weekday);
      }),
    );
  });

  it('puts every instant inside its own local day, which starts at local midnight', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const n = dayNumber(t);
        expect(dayStartMs(n)).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(dayStartMs(n) + DAY_MS);
        expect(dayNumberToKey(n)).toBe(dayKey(t));
        expect(localDayStart(dayKey(t))).toBe(dayStartMs(n));
        expect(localHour(dayStartMs(n))).toBe(0);
      }),
    );
  });

  it('writes +08:00 ISO strings that read back as the same second', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const iso = localIso(t);
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        expect(Date.parse(iso)).toBe(Math.floor(t / 1000) * 1000);
        expect(iso.slice(0, 10)).toBe(dayKey(t));
      }),
    );
  });

  it('reads a date as the end of that local day, and month/year windows from local day 1', () => {
    const now = Date.parse('2100-01-03T00:00:00Z'); // every generated day is over by then
    fc.assert(
      fc.property(instant, (t) => {
        const key = dayKey(t);
        expect(parseMoment(key, now)).toBe(dayStartMs(dayNumber(t)) + DAY_MS - 1);
        const [month] = windowDays('month', t);
        const [year] = windowDays('year', t);
        expect(dayNumberToKey(month)).toBe(`${key.slice(0, 7)}-01`);
        expect(dayNumberToKey(year)).toBe(`${key.slice(0, 4)}-01-01`);
      }),
    );
  });
});
