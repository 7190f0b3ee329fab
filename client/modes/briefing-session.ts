// Which briefing state a window keeps when it joins. Pure, unit-tested. The server's room is the
// truth (only the presenter moves it, the server stamps its start); the presenter window starts a
// briefing in an empty room, or over one left from yesterday; a wall waits for it. The figures are frozen at `frozenAt`: the start, or a date the presenter
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

export type Pick =
  /** take the room's state */
  | { keep: 'remote'; state: BriefingState }
  /** keep ours and tell the room (the presenter starting, or re-telling a restarted server) */
  | { keep: 'mine'; state: BriefingState };

/**
 * What to do with the room's answer to a join (null: nobody has started this briefing). The
 * server's state always wins: it stamps the start itself and only the presenter moves it. Only
 * the presenter window starts a briefing; a wall waits for one (null: nothing to show yet).
 */
export function onJoin(
  mine: BriefingState | null,
  room: BriefingState | null,
  briefingId: string,
  now: number,
  asOf: string | undefined,
  presenter: boolean,
): Pick | null {
  if (room !== null && !isStale(room, now)) return { keep: 'remote', state: room };
  if (!presenter) return null;
  return {
    keep: 'mine',
    state: mine && !isStale(mine, now) ? mine : newBriefing(briefingId, now, asOf),
  };
}

/** Keeps a scene index inside the scene list (the file may have shrunk since the room began). */
export function clampIndex(i: number, count: number): number {
  return Math.min(Math.max(0, Math.trunc(i)), Math.max(0, count - 1));
}
