// The map's colours in one place: the maplibre style, the deck layers and the legend share them.
import type { LiveEventKind, StationKind } from '@shared/protocol';
import type { RGBA } from './color-scale';

export const BACKGROUND = '#040b1c';
export const CONTEXT_FILL = '#0a1730';
export const CONTEXT_LINE = '#1c3560';
export const DISTRICT_FILL = '#0a2146';
export const GLOW = '#19c6ff';
export const GLOW_CORE = '#9ff0ff';

export const LABEL_FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export const STATION_COLORS: Record<StationKind, RGBA> = {
  party_center: [255, 82, 82, 255], // party red
  party_post: [255, 150, 110, 255],
  convenience: [80, 200, 255, 255],
  civilization: [255, 205, 70, 255],
  volunteer: [90, 235, 150, 255],
  mediation: [185, 140, 255, 255],
  senior_college: [255, 120, 200, 255],
};

export const EVENT_COLORS: Record<LiveEventKind, RGBA> = {
  reported: [255, 120, 70, 255],
  called: [255, 190, 60, 255],
  escalated: [255, 60, 120, 255],
  handled: [70, 210, 255, 255],
  closed: [80, 240, 160, 255],
  rated: [255, 225, 120, 255],
};

export function css(c: RGBA, alpha = c[3] / 255): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
}
