// Which region briefs a scope's screen is sent: every street and community (the backdrop, its
// tooltips, rankings and scene annotations use them), and only the grids its map can fill. A
// district screen fills streets and, zoomed in, communities (client/map/lod.ts stops there);
// grids appear once it drills into a street or community. The 1,205 grid briefs were 90 % of a
// district snapshot (157 kB of JSON for data/jinniu; 26 kB without them).
// Chosen over per-message deflate, which took the same snapshot to 23 kB on the wire but, with
// 1,000 district screens (measured), doubled the time to send each delta (engine.io stops
// reusing one WebSocket frame per room broadcast when deflate is on) and cost zlib state per
// socket; trimming costs nothing per socket and makes every snapshot cheaper to encode.
import type { RegionBrief, RegionRef } from '../../shared/protocol';
import type { RegionIndex } from '../aggregate/region-index';

/** The region whose grids a scope's map can fill (a grid shows its siblings); null: none. */
function gridParent(scope: RegionRef, index: RegionIndex): string | null {
  switch (scope.level) {
    case 'district':
      return null;
    case 'grid':
      return index.regions.get(scope.id)?.parentId ?? null;
    default:
      return scope.id;
  }
}

/** Whether a scope's view carries a region's brief. */
export function briefFilter(scope: RegionRef, index: RegionIndex): (id: string) => boolean {
  const parent = gridParent(scope, index);
  return (id) => {
    const r = index.regions.get(id);
    if (!r) return false;
    if (r.level !== 'grid') return true;
    return parent !== null && index.lineage(id).includes(parent);
  };
}

export function pickBriefs(
  all: Record<string, RegionBrief>,
  keep: (id: string) => boolean,
): Record<string, RegionBrief> {
  const out: Record<string, RegionBrief> = {};
  for (const [id, b] of Object.entries(all)) if (keep(id)) out[id] = b;
  return out;
}
