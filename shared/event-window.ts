// How a screen keeps its list of recent events: newest first, no id twice (so a delta applied twice
// is harmless), cut to the protocol's maximum. Part of the protocol's contract, so the server's
// room views and the client's store share this one definition (client imports @shared/event-window).
import { RECENT_EVENTS_MAX } from './protocol';
import type { LiveEvent } from './protocol';

export function mergeEvents(fresh: LiveEvent[], old: LiveEvent[]): LiveEvent[] {
  const seen = new Set<string>();
  const out: LiveEvent[] = [];
  for (const e of [...fresh, ...old]) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
    if (out.length >= RECENT_EVENTS_MAX) break;
  }
  return out;
}
