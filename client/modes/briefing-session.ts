// Which briefing state a window keeps when the room tells it another one. Pure, unit-tested.
// Two windows opened at once both find an empty room and both start a briefing (each with its
// own freeze time); the earlier freeze wins everywhere so they settle on one. A briefing left
// from yesterday is over: a window joining it starts a new one with fresh figures.
import type { BriefingState } from '@shared/protocol';

/** A briefing older than this is finished; the next window to join starts afresh. */
export const STALE_MS = 6 * 3600_000;

export function newBriefing(briefingId: string, now: number): BriefingState {
  return { briefingId, sceneIndex: 0, frozenAt: new Date(now).toISOString() };
}

export function isStale(s: BriefingState, now: number): boolean {
  const t = Date.parse(s.frozenAt);
  return !Number.isFinite(t) || now - t > STALE_MS;
}

export type Pick =
  /** take the room's state */
  | { keep: 'remote'; state: BriefingState }
  /** keep ours and tell the room (it holds a state that should lose) */
  | { keep: 'mine'; state: BriefingState };

/**
 * `remote` came from the room (join answer or another window's step); `mine` is what this window
 * shows (null before the first scene).
 */
export function pickState(mine: BriefingState | null, remote: BriefingState, now: number): Pick {
  if (!mine || remote.frozenAt === mine.frozenAt) return { keep: 'remote', state: remote };
  if (isStale(mine, now)) return { keep: 'remote', state: remote };
  if (isStale(remote, now)) return { keep: 'mine', state: mine };
  return Date.parse(remote.frozenAt) < Date.parse(mine.frozenAt)
    ? { keep: 'remote', state: remote }
    : { keep: 'mine', state: mine };
}

/** What to do with the room's answer to a join (null: nobody has started this briefing). */
export function onJoin(
  mine: BriefingState | null,
  room: BriefingState | null,
  briefingId: string,
  now: number,
): Pick {
  if (room === null || isStale(room, now))
    return {
      keep: 'mine',
      state: mine && !isStale(mine, now) ? mine : newBriefing(briefingId, now),
    };
  return pickState(mine, room, now);
}

/** Keeps a scene index inside the scene list (the file may have shrunk since the room began). */
export function clampIndex(i: number, count: number): number {
  return Math.min(Math.max(0, Math.trunc(i)), Math.max(0, count - 1));
}
