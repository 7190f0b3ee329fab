// Which briefing state a window keeps when the room tells it another one. Pure, unit-tested.
// Two windows opened at once both find an empty room and both start a briefing; the earlier start
// wins everywhere so they settle on one. A briefing left from yesterday is over: a window joining
// it starts a new one. The figures are frozen at `frozenAt`: the start, or a date the presenter
// chose (?asOf= or briefing.json's asOf), read as the server reads it.
import { BRIEFING_STALE_MS } from '@shared/protocol';
import type { BriefingState } from '@shared/protocol';
import { parseMoment } from '@shared/moment';

export const STALE_MS = BRIEFING_STALE_MS;

/** A new briefing, started now, frozen now or at the chosen moment (never in the future). */
export function newBriefing(briefingId: string, now: number, asOf?: string): BriefingState {
  const chosen = asOf ? parseMoment(asOf, now) : null;
  const frozen = chosen === null ? now : Math.min(chosen, now);
  return {
    briefingId,
    sceneIndex: 0,
    frozenAt: new Date(frozen).toISOString(),
    startedAt: new Date(now).toISOString(),
  };
}

export function isStale(s: BriefingState, now: number): boolean {
  const t = Date.parse(s.startedAt);
  return !Number.isFinite(t) || now - t > STALE_MS;
}

const sameBriefing = (a: BriefingState, b: BriefingState) =>
  a.startedAt === b.startedAt && a.frozenAt === b.frozenAt;

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
  if (!mine || sameBriefing(mine, remote)) return { keep: 'remote', state: remote };
  if (isStale(mine, now)) return { keep: 'remote', state: remote };
  if (isStale(remote, now)) return { keep: 'mine', state: mine };
  return Date.parse(remote.startedAt) <= Date.parse(mine.startedAt)
    ? { keep: 'remote', state: remote }
    : { keep: 'mine', state: mine };
}

/** What to do with the room's answer to a join (null: nobody has started this briefing). */
export function onJoin(
  mine: BriefingState | null,
  room: BriefingState | null,
  briefingId: string,
  now: number,
  asOf?: string,
): Pick {
  if (room === null || isStale(room, now))
    return {
      keep: 'mine',
      state: mine && !isStale(mine, now) ? mine : newBriefing(briefingId, now, asOf),
    };
  return pickState(mine, room, now);
}

/** Keeps a scene index inside the scene list (the file may have shrunk since the room began). */
export function clampIndex(i: number, count: number): number {
  return Math.min(Math.max(0, Math.trunc(i)), Math.max(0, count - 1));
}
