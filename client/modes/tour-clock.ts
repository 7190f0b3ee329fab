// Which scene an unattended exhibition screen shows. Pure: the caller passes the clock, so the
// loop, the pause on touch and the resume after idle are all testable without timers.

export interface TourState {
  index: number;
  /** When the current scene started (ms). */
  since: number;
  /** Last time a person touched the screen (ms), or null while the tour runs by itself. */
  touchedAt: number | null;
}

export function startTour(now: number): TourState {
  return { index: 0, since: now, touchedAt: null };
}

/**
 * The scene file arrived: the tour starts again from its first scene at `now`, and a touch made
 * meanwhile still holds it. React can run that start after an input has landed (it flushes the
 * pending effect before rendering the touch), and a visitor's first touch was lost that way.
 */
export function restartTour(state: TourState, now: number): TourState {
  return { ...startTour(now), touchedAt: state.touchedAt };
}

/** A person touched the screen: the tour holds the current scene until they walk away. */
export function touch(state: TourState, now: number): TourState {
  return { ...state, touchedAt: now };
}

/**
 * Advances the tour to `now`: while touched it holds until `idleMs` have passed without input,
 * then resumes with the next scene; otherwise it moves on when a scene's duration is over,
 * looping forever. Skips as many scenes as the elapsed time covers (e.g. after a sleeping tab).
 */
export function tick(
  state: TourState,
  now: number,
  durationsMs: number[],
  idleMs: number,
): TourState {
  const n = durationsMs.length;
  if (n === 0) return state;
  if (state.touchedAt !== null) {
    if (now - state.touchedAt < idleMs) return state;
    return { index: (state.index + 1) % n, since: now, touchedAt: null };
  }
  let { index, since } = state;
  const loopMs = durationsMs.reduce((a, b) => a + Math.max(b, 1), 0);
  // A whole loop (or more) went by unseen: keep the phase, drop the full loops.
  if (now - since > loopMs) since = now - ((now - since) % loopMs);
  while (now - since >= Math.max(durationsMs[index] ?? 1, 1)) {
    since += Math.max(durationsMs[index] ?? 1, 1);
    index = (index + 1) % n;
  }
  return index === state.index && since === state.since ? state : { index, since, touchedAt: null };
}
