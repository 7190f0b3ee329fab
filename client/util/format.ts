// Number and time formatting shared by panels, map and tests. Pure.

/** 0.9871 → "98.7"; null → "—" (nothing to divide by is not zero). */
export function pct(rate: number | null | undefined, digits = 1): string {
  if (rate == null || !Number.isFinite(rate)) return '—';
  return (rate * 100).toFixed(digits);
}

/** 12345 → "12,345" (grouping helps reading big digits from a distance). */
export function int(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** ISO → "HH:MM:SS" in Asia/Shanghai, whatever the wall computer's zone. */
export function clock(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

/** Date → "2026年11月23日 星期一" / "Mon 23 Nov 2026" in Asia/Shanghai. */
export function longDate(d: Date, lang: 'zh' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    weekday: lang === 'zh' ? 'long' : 'short',
  }).format(d);
}

/** "2026-11-05" → "11-05" for compact axis labels. */
export function shortDay(date: string): string {
  return date.length >= 10 ? date.slice(5, 10) : date;
}
