// Level of detail: which level of polygons the map fills, from the scope and how far the viewer
// zoomed in past the scope's own fit. Relative zoom keeps it the same on a 1080p panel and a 4K
// wall (the 4K fit is one zoom level higher, but shows the same picture).
import type { RegionLevel } from '@shared/protocol';

const CHILD: Record<RegionLevel, RegionLevel> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: 'grid',
};

/** Zoom levels past the scope's fit at which the map shows one more level of detail. */
export const DEEPER_AT = [1.2, 2.4] as const;

export function fillLevel(scopeLevel: RegionLevel, zoom: number, fitZoom: number): RegionLevel {
  let level = CHILD[scopeLevel];
  const extra = zoom - fitZoom;
  for (const step of DEEPER_AT) if (extra >= step) level = CHILD[level];
  // A district screen is not sent grid briefs (they were 90 % of its snapshot: see
  // server/hub/region-briefs.ts), so it fills communities at most; grids show once it drills in.
  return scopeLevel === 'district' && level === 'grid' ? 'community' : level;
}
