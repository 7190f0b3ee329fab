import { describe, expect, it } from 'vitest';
import { restartTour, startTour, tick, touch } from '../../client/modes/tour-clock';

const durations = [10_000, 5_000, 20_000];
const idle = 60_000;

describe('tour clock', () => {
  it('holds a scene for its duration, then moves on, and loops forever', () => {
    let s = startTour(0);
    s = tick(s, 9_999, durations, idle);
    expect(s.index).toBe(0);
    s = tick(s, 10_000, durations, idle);
    expect(s).toMatchObject({ index: 1, since: 10_000 });
    s = tick(s, 15_000, durations, idle);
    expect(s).toMatchObject({ index: 2, since: 15_000 });
    s = tick(s, 35_000, durations, idle);
    expect(s).toMatchObject({ index: 0, since: 35_000 });
  });

  it('catches up after a long gap without losing the phase (35 s loop)', () => {
    // 3 whole loops + 12 s: scene 1 began 10 s into the loop.
    const s = tick(startTour(0), 3 * 35_000 + 12_000, durations, idle);
    expect(s).toMatchObject({ index: 1, since: 3 * 35_000 + 10_000 });
  });

  it('pauses while touched and resumes with the next scene after the idle time', () => {
    let s = touch(tick(startTour(0), 3_000, durations, idle), 3_000);
    s = tick(s, 50_000, durations, idle);
    expect(s.index).toBe(0);
    s = touch(s, 50_000); // another touch restarts the idle wait
    s = tick(s, 109_999, durations, idle);
    expect(s.index).toBe(0);
    s = tick(s, 110_000, durations, idle);
    expect(s).toMatchObject({ index: 1, since: 110_000, touchedAt: null });
  });

  it('starts again from the first scene when the scene file arrives, still held by a touch made meanwhile', () => {
    const touched = touch(tick(startTour(0), 12_000, durations, idle), 12_500);
    const s = restartTour(touched, 13_000);
    expect(s).toEqual({ index: 0, since: 13_000, touchedAt: 12_500 });
    // Still held until the idle time after the touch, then on to the next scene.
    expect(tick(s, 12_500 + idle - 1, durations, idle)).toBe(s);
    expect(tick(s, 12_500 + idle, durations, idle)).toMatchObject({ index: 1, touchedAt: null });
    expect(restartTour(startTour(0), 5_000)).toEqual(startTour(5_000));
  });

  it('returns the same object when nothing changed (no re-render)', () => {
    const s = startTour(0);
    expect(tick(s, 1_000, durations, idle)).toBe(s);
  });
});
