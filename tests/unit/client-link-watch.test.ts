// The wall's own sense of a dead link: silence past the limit, but not a page that stalled.
import { describe, expect, it } from 'vitest';
import { createLinkWatch } from '../../client/live/link-watch';

const SILENT = 20_000;
const CHECK = 2000;

/** Checks every CHECK ms from `from` to `to`, returning the first time it reported silence. */
function firstSilent(w: ReturnType<typeof createLinkWatch>, from: number, to: number) {
  for (let t = from; t <= to; t += CHECK) if (w.silent(t)) return t;
  return null;
}

describe('link watch', () => {
  it('stays quiet while pings arrive every 10 s', () => {
    const w = createLinkWatch(SILENT, CHECK, 0);
    for (let t = CHECK; t <= 120_000; t += CHECK) {
      if (t % 10_000 === 0) w.heard(t);
      expect(w.silent(t), `at ${t}`).toBe(false);
    }
  });

  it('reports silence once nothing has arrived for longer than the limit', () => {
    const w = createLinkWatch(SILENT, CHECK, 0);
    w.heard(10_000);
    expect(firstSilent(w, CHECK, 60_000)).toBe(32_000);
  });

  it('hears again: silence ends with the next ping', () => {
    const w = createLinkWatch(SILENT, CHECK, 0);
    expect(firstSilent(w, CHECK, 60_000)).toBe(22_000);
    w.heard(23_000);
    expect(w.silent(24_000)).toBe(false);
  });

  it('does not blame the link for a page whose main thread stalled', () => {
    const w = createLinkWatch(SILENT, CHECK, 0);
    w.heard(0);
    expect(w.silent(2000)).toBe(false);
    // The page froze for 40 s (software map start-up): the next check runs late.
    expect(w.silent(42_000)).toBe(false);
    // Then normal checks: silence counts from the stall's end.
    expect(firstSilent(w, 44_000, 90_000)).toBe(64_000);
  });
});
