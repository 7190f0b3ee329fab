// Where a written problem is placed: the grid it names or its position falls in, or — when the
// report names only its community — the community itself (未落网格: counted in the community,
// street and district, in no grid). A named place that does not exist, or a position outside the
// place named with it, is a 4xx saying what to send; never a quiet move to the level above.
import type { ProblemCreate } from '../../shared/protocol';
import type { RegionIndex } from '../aggregate/region-index';
import { HttpError } from '../http-error';

/** A GPS fix a few dozen metres off its grid's edge is still that grid's problem (≈ 50 m). */
const GRID_TOLERANCE_DEG = 0.0005;

type PlaceBody = Pick<ProblemCreate, 'gridId' | 'communityId' | 'position'>;

function knownCommunity(index: RegionIndex, communityId: string): string {
  if (index.regions.get(communityId)?.level !== 'community')
    throw new HttpError(
      400,
      'unknown_community',
      `communityId "${communityId}" is not a community of this district; GET /api/geo lists them`,
    );
  return communityId;
}

function namedGrid(index: RegionIndex, gridId: string, body: PlaceBody): string {
  const r = index.regions.get(gridId);
  if (!r || r.level !== 'grid')
    throw new HttpError(
      400,
      'unknown_grid',
      `gridId "${gridId}" is not a grid of this district; GET /api/geo lists them`,
    );
  if (body.communityId !== undefined && r.parentId !== body.communityId)
    throw new HttpError(
      422,
      'grid_not_in_community',
      `grid "${gridId}" belongs to community "${r.parentId ?? ''}", not "${body.communityId}"; send the grid's own community, or only gridId`,
    );
  if (body.position && !index.inGrid(gridId, body.position, GRID_TOLERANCE_DEG))
    throw new HttpError(
      422,
      'position_outside_grid',
      `position [${body.position.join(', ')}] is not inside grid "${gridId}" (nor within about 50 m of it); send the grid the point lies in, or only one of gridId and position`,
    );
  return gridId;
}

function gridOfPosition(index: RegionIndex, position: [number, number], body: PlaceBody): string {
  const gridId = index.gridAt(position);
  if (!gridId)
    throw new HttpError(
      400,
      'outside_district',
      `position [${position.join(', ')}] is not inside any grid of this district (WGS84 [lon, lat] expected)`,
    );
  if (body.communityId !== undefined && !index.lineage(gridId).includes(body.communityId))
    throw new HttpError(
      422,
      'position_outside_community',
      `position [${position.join(', ')}] is not inside community "${body.communityId}"; send the community the point lies in, or only one of communityId and position`,
    );
  return gridId;
}

/** The region id a new problem is stored under: a grid, or a community (in no grid). */
export function placeOfCreate(index: RegionIndex, body: PlaceBody): string {
  if (body.communityId !== undefined) knownCommunity(index, body.communityId);
  if (body.gridId !== undefined) return namedGrid(index, body.gridId, body);
  if (body.position) return gridOfPosition(index, body.position, body);
  if (body.communityId !== undefined) return body.communityId;
  throw new HttpError(
    400,
    'no_place',
    'give gridId, position [lon, lat] or communityId (a problem in no grid, 未落网格) so the problem can be placed',
  );
}
