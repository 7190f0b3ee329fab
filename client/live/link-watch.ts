// When a wall has heard nothing for too long. socket.io notices a black-holed network (a pulled
// cable upstream: nothing closes, nothing arrives) only by its ping timeout, kept long on purpose
// so a wall PC busy rendering the map in software is not dropped (server/app.ts). The badge need
// not wait that long: the server pings every PING_INTERVAL_MS, so silence for two intervals means
// the link is gone, and the wall says "reconnecting" while the socket waits for its timeout.
// Pure (the caller passes the clock), unit-tested.

export interface LinkWatch {
  /** A ping or a delta arrived. */
  heard(now: number): void;
  /** Called every `checkMs`: true when the link has been silent for longer than `silentMs`. */
  silent(now: number): boolean;
}

export function createLinkWatch(silentMs: number, checkMs: number, now: number): LinkWatch {
  let lastHeard = now;
  let lastCheck = now;
  return {
    heard(t) {
      lastHeard = t;
    },
    silent(t) {
      // Our own timer ran late: the page's main thread was stalled, not (or not only) the link,
      // and what arrived meanwhile is still queued behind us. Start counting again.
      if (t - lastCheck > 2 * checkMs) lastHeard = t;
      lastCheck = t;
      return t - lastHeard > silentMs;
    },
  };
}
