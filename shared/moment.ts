// The moment a briefing's frozen figures are "as of": an ISO date-time, or a date, which means the
// end of that day in Asia/Shanghai (the screen's calendar). Shared by the server (/api/snapshot?at=)
// and the client (?asOf= and briefing.json's asOf), so both read a city's input the same way.
import { DAY_MS, localDayStart } from './local-time';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const MOMENT_EXAMPLE = '2026-11-20 or 2026-11-20T18:00:00+08:00';

/**
 * Epoch ms of the moment, or null when the text is neither form (or not a real date). Today means
 * "so far": its end is clamped to `now`. A day still to come keeps its end, so the server can
 * refuse it as the future rather than answer with today's figures under that date.
 */
export function parseMoment(text: string, now: number): number | null {
  const t = DATE_ONLY.test(text)
    ? localDayStart(text) + DAY_MS - 1
    : DATE_TIME.test(text)
      ? Date.parse(text)
      : NaN;
  if (!Number.isFinite(t)) return null;
  // Date.parse rolls 2026-02-30 over to March: a date that does not exist is a typo, not a moment.
  const day = text.slice(0, 10);
  const back = new Date(Date.parse(`${day}T12:00:00Z`)).toISOString().slice(0, 10);
  if (back !== day) return null;
  return DATE_ONLY.test(text) && t - DAY_MS < now ? Math.min(t, now) : t;
}
