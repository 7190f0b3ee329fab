// Live events: a steady dot per recent event, and an expanding ring for each new one over
// PULSE_MS. Only these small layers change per animation frame (updateTriggers on the frame
// time); the 1,205-polygon layers are untouched, which is what keeps a 30 events/s page cheap.
import { ScatterplotLayer } from '@deck.gl/layers';
import type { LiveEvent } from '@shared/protocol';
import { withAlpha } from '../color-scale';
import { pulseProgress, type Pulse } from '../pulse-buffer';
import { EVENT_COLORS } from '../theme';

export const PULSE_LAYER_IDS = {
  dots: 'event-dots',
  rings: 'pulse-rings',
  flash: 'pulse-flash',
} as const;

const easeOut = (t: number) => 1 - (1 - t) ** 3;
const clamp01 = (t: number) => Math.max(0, Math.min(1, t));

/** Ring radius (px, before uiScale) and alpha (0–255) at progress t; pure for the tests. */
export function ringAt(t: number): { radius: number; alpha: number } {
  const p = clamp01(t);
  return { radius: 4 + 26 * easeOut(p), alpha: Math.round(255 * (1 - p) ** 1.6) };
}

export function eventDotLayer(events: LiveEvent[], uiScale: number) {
  return new ScatterplotLayer<LiveEvent>({
    id: PULSE_LAYER_IDS.dots,
    data: events,
    getPosition: (e) => e.position,
    getFillColor: (e) => withAlpha(EVENT_COLORS[e.kind], 190),
    radiusUnits: 'pixels',
    getRadius: 3,
    radiusScale: uiScale,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 255],
  });
}

export function pulseLayers(pulses: Pulse[], now: number, uiScale: number) {
  const ring = (p: Pulse) => ringAt(pulseProgress(p, now));
  return [
    new ScatterplotLayer<Pulse>({
      id: PULSE_LAYER_IDS.rings,
      data: pulses,
      getPosition: (p) => p.event.position,
      stroked: true,
      filled: false,
      getLineColor: (p) => withAlpha(EVENT_COLORS[p.event.kind], ring(p).alpha),
      getRadius: (p) => ring(p).radius,
      radiusUnits: 'pixels',
      radiusScale: uiScale,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      lineWidthScale: uiScale,
      updateTriggers: { getLineColor: now, getRadius: now },
    }),
    new ScatterplotLayer<Pulse>({
      id: PULSE_LAYER_IDS.flash,
      data: pulses,
      getPosition: (p) => p.event.position,
      getFillColor: (p) =>
        withAlpha(EVENT_COLORS[p.event.kind], 110 * clamp01(1 - pulseProgress(p, now) * 1.5)),
      getRadius: (p) => 3 + 9 * easeOut(clamp01(pulseProgress(p, now) * 1.5)),
      radiusUnits: 'pixels',
      radiusScale: uiScale,
      updateTriggers: { getFillColor: now, getRadius: now },
    }),
  ];
}
