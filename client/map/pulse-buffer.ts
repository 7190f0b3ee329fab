// Which live events are pulsing, and since when (the screen's clock, not the event's `at`: the
// simulator may run at 60× and a clock skew must not stop the animation). Kept apart from
// view.recentEvents because at ~30 events/s an event leaves that list of 30 within a second,
// and a pulse must still finish its ~2 s. Pure: (buffer, events, now) → buffer.
import type { LiveEvent } from '@shared/protocol';

export const PULSE_MS = 2000;
/** Escalation arcs stay longer: the whistle should be readable from across the room. */
export const ARC_MS = 5000;
/** At most this many animated items, whatever the event rate: the per-frame cost stays flat. */
export const PULSE_MAX = 240;

export interface Pulse {
  event: LiveEvent;
  /** performance.now() when the screen first saw the event. */
  t0: number;
}

export interface PulseBuffer {
  pulses: Pulse[];
  /** Ids already seen (so an event still listed in recentEvents does not pulse twice). */
  seen: Set<string>;
}

export function emptyPulses(): PulseBuffer {
  return { pulses: [], seen: new Set() };
}

const lifetime = (p: Pulse) => (p.event.kind === 'escalated' && p.event.target ? ARC_MS : PULSE_MS);

/**
 * Adds the events not seen before (they pulse from `now`) and drops finished pulses.
 * `quiet` marks events as seen without pulsing: the first snapshot, or a new scope's snapshot,
 * is history, and 30 rings at once would say nothing.
 */
export function updatePulses(
  buf: PulseBuffer,
  events: readonly LiveEvent[],
  now: number,
  quiet = false,
): PulseBuffer {
  const fresh: Pulse[] = [];
  let unseen = false;
  for (const e of events) {
    if (buf.seen.has(e.id)) continue;
    unseen = true;
    if (!quiet) fresh.push({ event: e, t0: now });
  }
  const alive = prunePulses(buf, now).pulses;
  if (!unseen && alive === buf.pulses) return buf;
  const pulses = [...fresh, ...alive].slice(0, PULSE_MAX);
  // Remember the ids still listed or still pulsing; forget the rest so the set stays small.
  const seen = new Set<string>();
  for (const e of events) seen.add(e.id);
  for (const p of pulses) seen.add(p.event.id);
  return { pulses, seen };
}

/** Drops finished pulses; the same buffer when none finished (no layer update that frame). */
export function prunePulses(buf: PulseBuffer, now: number): PulseBuffer {
  const alive = buf.pulses.filter((p) => now - p.t0 < lifetime(p));
  return alive.length === buf.pulses.length ? buf : { pulses: alive, seen: buf.seen };
}

/** 0 → 1 over the pulse's life; > 1 when over. */
export function pulseProgress(p: Pulse, now: number): number {
  return (now - p.t0) / PULSE_MS;
}

export function arcProgress(p: Pulse, now: number): number {
  return (now - p.t0) / ARC_MS;
}

/** True while something still moves: the animation loop may sleep otherwise. */
export function isAnimating(buf: PulseBuffer, now: number): boolean {
  return buf.pulses.some((p) => now - p.t0 < lifetime(p));
}
