// Which presentation mode the page address asks for. The address is the only switch a hall's
// kiosk browser or a presenter's laptop has: ?mode=exhibition | briefing | presenter.

export type Mode = 'screen' | 'exhibition' | 'briefing' | 'presenter';

export function modeFromSearch(search: string): Mode {
  const m = new URLSearchParams(search).get('mode');
  return m === 'exhibition' || m === 'briefing' || m === 'presenter' ? m : 'screen';
}

/** ?briefing=<id>: lets two briefings run on one server; trimmed, safe characters only. */
export function briefingIdFromSearch(search: string): string {
  const raw = new URLSearchParams(search).get('briefing') ?? '';
  const id = raw
    .trim()
    .replace(/[^\w.-]/g, '')
    .slice(0, 64);
  return id || 'default';
}

/** ?asOf=2026-11-20 (or a date-time): the briefing's figures as of then; checked where it is used. */
export function asOfFromSearch(search: string): string | undefined {
  return new URLSearchParams(search).get('asOf')?.trim() || undefined;
}
