// The hub's timing rule: a lone change goes out within a tick (leading edge), a burst goes out
// at most once per gap, and the last change of a burst is never left behind (trailing edge).
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSchedule, type FlushSchedule } from '../../server/hub/flush-schedule';

const GAP = 250;
const POLL = 250;

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

/** A schedule whose flush "sends" when a change is waiting, recording when. */
function harness() {
  let waiting = false;
  const sentAt: number[] = [];
  const s: FlushSchedule = flushSchedule(
    () => {
      if (!waiting) return false;
      waiting = false;
      sentAt.push(Date.now());
      return true;
    },
    { gapMs: GAP, pollMs: POLL, clock: () => Date.now() },
  );
  const change = () => {
    waiting = true;
    s.changed();
  };
  return { s, change, sentAt, pending: () => waiting };
}

describe('flush schedule', () => {
  it('flushes a lone change on the next tick, not on the next poll', () => {
    const h = harness();
    vi.advanceTimersByTime(1010); // a quiet spell, between two polls
    h.change();
    expect(h.sentAt).toEqual([]); // not synchronously: the write finishes its own tick first
    vi.advanceTimersByTime(1);
    expect(h.sentAt).toEqual([1010]);
    h.s.close();
  });

  it('coalesces a burst to one flush per gap and still sends its last change', () => {
    const h = harness();
    for (let t = 0; t < 1000; t += 10) {
      h.change();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(GAP);
    expect(h.sentAt).toEqual([0, 250, 500, 750, 1000]);
    expect(h.pending()).toBe(false);
    h.s.close();
  });

  it('a flush that found nothing does not hold the next change back', () => {
    const h = harness();
    h.s.changed(); // signalled, but the flush finds nothing to send
    vi.advanceTimersByTime(10);
    h.change();
    vi.advanceTimersByTime(1);
    expect(h.sentAt).toEqual([10]);
    h.s.close();
  });

  it('finds an unsignalled change with its poll, and stops when closed', () => {
    let calls = 0;
    const s = flushSchedule(() => (calls++, false), { gapMs: GAP, pollMs: POLL });
    vi.advanceTimersByTime(POLL * 4 + 1);
    expect(calls).toBe(4);
    s.close();
    vi.advanceTimersByTime(POLL * 4);
    expect(calls).toBe(4);
  });

  it('for any change times: sends are a gap apart and every change is sent within a gap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }), (steps) => {
        vi.setSystemTime(0);
        const h = harness();
        const changedAt: number[] = [];
        for (const step of steps) {
          vi.advanceTimersByTime(step);
          changedAt.push(Date.now());
          h.change();
        }
        vi.advanceTimersByTime(GAP + 1);
        h.s.close();
        for (let i = 1; i < h.sentAt.length; i++)
          expect(h.sentAt[i]! - h.sentAt[i - 1]!).toBeGreaterThanOrEqual(GAP);
        for (const t of changedAt) {
          const sent = h.sentAt.find((s) => s >= t);
          expect(sent).toBeDefined();
          expect(sent! - t).toBeLessThanOrEqual(GAP);
        }
        expect(h.pending()).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
