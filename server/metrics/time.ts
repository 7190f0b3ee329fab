// Calendar arithmetic in Asia/Shanghai: every window and every day bucket is a local day. The
// offset itself lives in shared/local-time.ts (the client's as-of moment needs it too).
import type { WindowName } from '../../shared/protocol';
import { dayNumber, dayNumberToKey, localDayStart } from '../../shared/local-time';

export { dayNumber, dayNumberToKey, dayStartMs, localIso } from '../../shared/local-time';

/** The inclusive range of day numbers a window covers at `now`. */
export function windowDays(window: WindowName, now: number): [number, number] {
  const today = dayNumber(now);
  // Only calendar windows need the date as text (the map asks rolling30 of every region).
  switch (window) {
    case 'today':
      return [today, today];
    case 'rolling30':
      return [today - 29, today];
    case 'month':
      return [dayNumber(localDayStart(`${dayNumberToKey(today).slice(0, 7)}-01`)), today];
    case 'year':
      return [dayNumber(localDayStart(`${dayNumberToKey(today).slice(0, 4)}-01-01`)), today];
  }
}
