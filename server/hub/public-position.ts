// Where a resident reported a problem is often a doorstep: screens are public, so positions leave
// the server coarsened unless the caller holds the exact-position token (a command center).
// `cell` snaps to the centre of a 0.001° cell (≈ 100 m north-south, ≈ 95 m east-west here);
// `grid` puts every problem on its grid's label point (one in no grid on its community's);
// `exact` turns coarsening off.
import type { LiveEvent } from '../../shared/protocol';
import type { RegionIndex } from '../aggregate/region-index';

export const POSITION_POLICIES = ['cell', 'grid', 'exact'] as const;
export type PositionPolicy = (typeof POSITION_POLICIES)[number];

const CELL_DEG = 0.001;
const snap = (x: number) => Number(((Math.floor(x / CELL_DEG) + 0.5) * CELL_DEG).toFixed(4));

export function coarsen(
  p: [number, number],
  placeId: string,
  policy: PositionPolicy,
  index: RegionIndex,
): [number, number] {
  if (policy === 'exact') return p;
  if (policy === 'grid') return index.regions.get(placeId)?.center ?? [snap(p[0]), snap(p[1])];
  return [snap(p[0]), snap(p[1])];
}

/** The events as a caller without the exact-position token may see them. */
export function publicEvents(
  events: LiveEvent[],
  policy: PositionPolicy,
  index: RegionIndex,
): LiveEvent[] {
  if (policy === 'exact') return events;
  return events.map((e) => ({
    ...e,
    position: coarsen(e.position, e.gridId ?? e.communityId, policy, index),
  }));
}
