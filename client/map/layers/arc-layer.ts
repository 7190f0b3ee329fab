// Escalations (吹哨): an arc from the problem to the responding region's centre, fading over
// ARC_MS. Tilted flat onto the map (tilt 90°) so the curve reads in a top-down view.
import { ArcLayer } from '@deck.gl/layers';
import { withAlpha, type RGBA } from '../color-scale';
import { arcProgress, type Pulse } from '../pulse-buffer';

export const ARC_LAYER_ID = 'escalation-arcs';
export const ARC_MAX = 12;

const SOURCE: RGBA = [255, 60, 120, 255];
const TARGET: RGBA = [255, 215, 90, 255];

const arcCache = new WeakMap<Pulse[], Pulse[]>();

/** The escalations among the pulses; the same array for the same buffer (stable layer data). */
export function arcPulses(pulses: Pulse[]): Pulse[] {
  let arcs = arcCache.get(pulses);
  if (!arcs) {
    // Newest first (the buffer's order); a burst of whistles must not hide the map under loops.
    arcs = pulses.filter((p) => p.event.kind === 'escalated' && p.event.target).slice(0, ARC_MAX);
    arcCache.set(pulses, arcs);
  }
  return arcs;
}

/** Alpha over the arc's life: full for the first third, then fading out. */
export function arcAlpha(t: number): number {
  if (t <= 1 / 3) return 255;
  return Math.round(255 * Math.max(0, 1 - (t - 1 / 3) * 1.5));
}

export function arcLayer(arcs: Pulse[], now: number, uiScale: number) {
  const a = (p: Pulse) => arcAlpha(arcProgress(p, now));
  return new ArcLayer<Pulse>({
    id: ARC_LAYER_ID,
    data: arcs,
    getSourcePosition: (p) => p.event.position,
    getTargetPosition: (p) => p.event.target ?? p.event.position,
    getSourceColor: (p) => withAlpha(SOURCE, a(p)),
    getTargetColor: (p) => withAlpha(TARGET, a(p)),
    getWidth: 2.5,
    widthUnits: 'pixels',
    widthScale: uiScale,
    getHeight: 0.3,
    getTilt: 90,
    updateTriggers: { getSourceColor: now, getTargetColor: now },
  });
}
