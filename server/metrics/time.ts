// Calendar arithmetic in Asia/Shanghai (UTC+8, no daylight saving): every window and every day
// bucket is a local day, whatever zone the server machine is set to.
import type { WindowName } from '../../shared/protocol';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01 local) — cheap integer keys for buckets. */
export function dayNumber(t: number | string | Date): number {
  const ms = typeof t === 'number' ? t : new Date(t).getTime();
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

export function dayNumberToKey(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight (local) of a day number, as epoch ms. */
export function dayStartMs(n: number): number {
  return n * DAY_MS - OFFSET_MS;
}

/** ISO string with the +08:00 offset, as the datasets write them. */
export function localIso(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The inclusive range of day numbers a window covers at `now`. */
export function windowDays(window: WindowName, now: number): [number, number] {
  const today = dayNumber(now);
  const key = dayNumberToKey(today);
  switch (window) {
    case 'today':
      return [today, today];
    case 'rolling30':
      return [today - 29, today];
    case 'month':
      return [dayNumber(`${key.slice(0, 7)}-01T00:00:00+08:00`), today];
    case 'year':
      return [dayNumber(`${key.slice(0, 4)}-01-01T00:00:00+08:00`), today];
  }
}
