// Times as exports write them → epoch ms. Every wall-clock time is Asia/Shanghai (UTC+8, no DST):
// Excel serials count local days since 1899-12-30, exceljs hands date cells over as Dates whose
// UTC fields hold the local time, and text dates carry no zone.
export type DateResult = { ok: true; ms: number | null } | { ok: false; reason: 'bad_date' };

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** Day 0 of Excel's 1900 system (the fake 1900-02-29 is why it is the 30th, not the 31st). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
/** Serials below this (1950-01-01) are taken as not a date: ids and counts look like small numbers. */
const MIN_SERIAL = 18264;
const MAX_SERIAL = 73051; // 2099-12-31

const bad: DateResult = { ok: false, reason: 'bad_date' };

/** Local wall-clock fields → instant; undefined when a field is out of range (Feb 30, 25:00…). */
export function localToMs(
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(utc).getUTCDate() !== d) return undefined;
  return utc - OFFSET_MS;
}

/** Excel serial (local days, fraction = time of day) → instant, rounded to the second. */
export function serialToMs(serial: number): number | undefined {
  if (!Number.isFinite(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) return undefined;
  const local = EXCEL_EPOCH_UTC + serial * DAY_MS;
  return Math.round((local - OFFSET_MS) / 1000) * 1000;
}

/** The serial Excel would store for an instant (tests, fixtures). */
/** @internal the inverse of a serial, for tests that build sheets */
export function msToSerial(ms: number): number {
  return (ms + OFFSET_MS - EXCEL_EPOCH_UTC) / DAY_MS;
}

// 2026/11/20 9:30 · 2026-11-20 09:30:00 · 2026.11.20 · 2026年11月20日 09时30分(00秒) · 20261120
const TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:[:：分]\s*(?:(\d{1,2})\s*秒?)?)?)?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const SERIAL_TEXT = /^\d{5}(\.\d+)?$/;

function parseText(raw: string): DateResult {
  const s = raw.normalize('NFKC').trim();
  if (s === '') return { ok: true, ms: null };
  if (ISO_ZONED.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? bad : { ok: true, ms: t };
  }
  if (SERIAL_TEXT.test(s)) {
    const t = serialToMs(Number(s));
    return t === undefined ? bad : { ok: true, ms: t };
  }
  const m = TEXT.exec(s);
  if (!m) return bad;
  const n = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const t = localToMs(n[0]!, n[1]!, n[2]!, n[3], n[4], n[5]);
  return t === undefined ? bad : { ok: true, ms: t };
}

/**
 * One cell → instant, null for an empty cell, or a reason. `Date` values are exceljs date cells
 * (UTC fields = Beijing wall clock, so −8 h); numbers are Excel serials.
 */
export function parseDateCell(v: unknown): DateResult {
  if (v === null || v === undefined) return { ok: true, ms: null };
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? bad : { ok: true, ms: Math.round((t - OFFSET_MS) / 1000) * 1000 };
  }
  if (typeof v === 'number') {
    const t = serialToMs(v);
    return t === undefined ? bad : { ok: true, ms: t };
  }
  if (typeof v === 'string') return parseText(v);
  return bad;
}
