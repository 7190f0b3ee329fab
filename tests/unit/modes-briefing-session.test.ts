// Which briefing state a window keeps, and the address switches of the modes.
import { describe, expect, it } from 'vitest';
import { clampIndex, newBriefing, onJoin, STALE_MS } from '../../client/modes/briefing-session';
import {
  asOfFromSearch,
  briefingIdFromSearch,
  modeFromSearch,
} from '../../client/modes/mode-param';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const at = (ms: number, sceneIndex = 0, frozenMs = ms) => ({
  briefingId: 'b',
  sceneIndex,
  frozenAt: new Date(frozenMs).toISOString(),
  startedAt: new Date(ms).toISOString(),
});

describe('briefing session', () => {
  it('the presenter starts a new briefing on an empty room, at scene 1, frozen now', () => {
    const p = onJoin(null, null, 'b', T0, undefined, true);
    expect(p).toEqual({ keep: 'mine', state: newBriefing('b', T0) });
    expect(p?.state.sceneIndex).toBe(0);
  });

  it('a wall never starts one: it waits for the presenter', () => {
    expect(onJoin(null, null, 'b', T0, undefined, false)).toBeNull();
    expect(onJoin(at(T0 - 1000, 2), null, 'b', T0, undefined, false)).toBeNull();
    expect(onJoin(null, at(T0 - STALE_MS - 1, 5), 'b', T0, undefined, false)).toBeNull();
  });

  it('joins a running briefing where it is, presenter or wall', () => {
    for (const presenter of [true, false])
      expect(onJoin(null, at(T0 - 60_000, 3), 'b', T0, undefined, presenter)).toEqual({
        keep: 'remote',
        state: at(T0 - 60_000, 3),
      });
  });

  it("takes the room's state over its own, whatever either start says", () => {
    // The server stamps the start: an earlier start in this window does not win the room.
    expect(onJoin(at(T0 - 50_000, 1), at(T0 - 1000, 3), 'b', T0, undefined, true)).toEqual({
      keep: 'remote',
      state: at(T0 - 1000, 3),
    });
  });

  it('the presenter re-tells a restarted server (empty room) where it is', () => {
    expect(onJoin(at(T0 - 1000, 2), null, 'b', T0, undefined, true)).toEqual({
      keep: 'mine',
      state: at(T0 - 1000, 2),
    });
  });

  it('the presenter starts afresh over a briefing left from yesterday', () => {
    const p = onJoin(null, at(T0 - STALE_MS - 1, 5), 'b', T0, undefined, true);
    expect(p).toEqual({ keep: 'mine', state: newBriefing('b', T0) });
  });

  it('freezes a new briefing at a chosen date, never in the future', () => {
    const day = onJoin(null, null, 'b', T0, '2026-11-20', true)!.state;
    expect(day.frozenAt).toBe('2026-11-20T15:59:59.999Z'); // the end of the 20th in Shanghai
    expect(day.startedAt).toBe(new Date(T0).toISOString());
    expect(newBriefing('b', T0, '2026-12-01T00:00:00+08:00').frozenAt).toBe(
      new Date(T0).toISOString(),
    );
    expect(newBriefing('b', T0, 'last week').frozenAt).toBe(new Date(T0).toISOString());
  });

  it('ends a briefing by when it started, not by how old its figures are', () => {
    const week = 7 * 86_400_000;
    const r = at(T0 - 60_000, 2, T0 - week); // started a minute ago on last week's figures
    expect(onJoin(null, r, 'b', T0, undefined, false)).toEqual({ keep: 'remote', state: r });
  });

  it('keeps scene numbers inside the list', () => {
    expect(clampIndex(9, 4)).toBe(3);
    expect(clampIndex(-1, 4)).toBe(0);
    expect(clampIndex(2, 0)).toBe(0);
  });
});

describe('mode address', () => {
  it('reads ?mode and ?briefing safely', () => {
    expect(modeFromSearch('?mode=exhibition')).toBe('exhibition');
    expect(modeFromSearch('?mode=presenter&lang=en')).toBe('presenter');
    expect(modeFromSearch('?mode=nope')).toBe('screen');
    expect(briefingIdFromSearch('')).toBe('default');
    expect(briefingIdFromSearch('?briefing=visit-2026.11')).toBe('visit-2026.11');
    expect(briefingIdFromSearch('?briefing=<script>')).toBe('script');
    expect(asOfFromSearch('?asOf=2026-11-20')).toBe('2026-11-20');
    expect(asOfFromSearch('?asOf=')).toBeUndefined();
  });
});
