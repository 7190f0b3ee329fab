// Local time in Asia/Shanghai (UTC+8, no daylight saving since 1991): the screen's calendar. The
// ONE place the +08:00 offset is worked out — day buckets and windows (server/metrics/time.ts), the
// as-of moment (moment.ts), the simulator's daily rhythm and the data generator all use it, so
// "today" and "this hour" mean the same everywhere, whatever zone the machine is set to.

export const LOCAL_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

const ms = (t: number | string | Date): number =>
  typeof t === 'number' ? t : new Date(t).getTime();

/** Day number (days since 1970-01-01 local) — cheap integer keys for buckets. */
export function dayNumber(t: number | string | Date): number {
  return Math.floor((ms(t) + LOCAL_OFFSET_MS) / DAY_MS);
}

/** Local date "YYYY-MM-DD" of a day number. */
export function dayNumberToKey(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight (local) of a day number, as epoch ms. */
export function dayStartMs(n: number): number {
  return n * DAY_MS - LOCAL_OFFSET_MS;
}

/** Midnight (local) of a date "YYYY-MM-DD", as epoch ms (NaN when it is not a date). */
export function localDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - LOCAL_OFFSET_MS;
}

/** ISO string with the +08:00 offset, to the second, as the datasets and the API write them. */
export function localIso(t: number): string {
  return new Date(t + LOCAL_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The local hour 0–23 of an instant. */
export function localHour(t: number): number {
  return new Date(t + LOCAL_OFFSET_MS).getUTCHours();
}

/** The local weekday of an instant: 0 Sunday … 6 Saturday. */
export function localWeekday(t: number): number {
  return new Date(t + LOCAL_OFFSET_MS).getUTCDay();
}
