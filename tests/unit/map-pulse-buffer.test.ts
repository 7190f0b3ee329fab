import { describe, expect, it } from 'vitest';
import {
  ARC_MS,
  emptyPulses,
  isAnimating,
  PULSE_MAX,
  PULSE_MS,
  prunePulses,
  pulseProgress,
  updatePulses,
} from '../../client/map/pulse-buffer';
import { arcAlpha, arcPulses } from '../../client/map/layers/arc-layer';
import { ringAt } from '../../client/map/layers/pulse-layer';
import { event } from './map-fixture';

describe('pulse buffer', () => {
  it('a first view is history: seen, not pulsing', () => {
    const evs = [event(), event()];
    const b = updatePulses(emptyPulses(), evs, 0, true);
    expect(b.pulses).toEqual([]);
    expect(b.seen.size).toBe(2);
    expect(isAnimating(b, 0)).toBe(false);
  });

  it('new events pulse once, from when the screen saw them, newest first', () => {
    const a = event();
    const b1 = updatePulses(emptyPulses(), [a], 0, true);
    const fresh = event();
    const b2 = updatePulses(b1, [fresh, a], 100);
    expect(b2.pulses.map((p) => [p.event.id, p.t0])).toEqual([[fresh.id, 100]]);
    // the same list again (a delta without events): nothing new, same buffer
    expect(updatePulses(b2, [fresh, a], 200)).toBe(b2);
    expect(pulseProgress(b2.pulses[0]!, 100 + PULSE_MS / 2)).toBeCloseTo(0.5);
  });

  it('pulses end after PULSE_MS, escalation arcs after ARC_MS', () => {
    const plain = event();
    const whistle = event({ kind: 'escalated', target: [104.05, 30.75] });
    const b = updatePulses(emptyPulses(), [plain, whistle], 0);
    expect(b.pulses).toHaveLength(2);
    const mid = prunePulses(b, PULSE_MS + 1);
    expect(mid.pulses.map((p) => p.event.id)).toEqual([whistle.id]);
    expect(mid.seen).toBe(b.seen); // pruning must not forget ids still listed
    expect(prunePulses(b, 1)).toBe(b);
    expect(isAnimating(b, ARC_MS + 1)).toBe(false);
    expect(arcPulses(b.pulses).map((p) => p.event.id)).toEqual([whistle.id]);
    expect(arcPulses(b.pulses)).toBe(arcPulses(b.pulses)); // stable data for deck.gl
  });

  it('a burst is capped, so per-frame work stays flat at any event rate', () => {
    const burst = Array.from({ length: PULSE_MAX + 50 }, () => event());
    expect(updatePulses(emptyPulses(), burst, 0).pulses).toHaveLength(PULSE_MAX);
  });

  it('ring grows and fades; arcs hold then fade', () => {
    expect(ringAt(0)).toEqual({ radius: 4, alpha: 255 });
    expect(ringAt(1)).toEqual({ radius: 30, alpha: 0 });
    expect(ringAt(0.5).radius).toBeGreaterThan(ringAt(0.25).radius);
    expect(ringAt(2)).toEqual(ringAt(1));
    expect(arcAlpha(0.1)).toBe(255);
    expect(arcAlpha(1)).toBe(0);
    expect(arcAlpha(0.6)).toBeLessThan(255);
  });
});
