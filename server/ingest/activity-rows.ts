// The row a volunteer check-in, a party member's report (双报到) or a station visit stores, and
// the 4xx when it names no place of this district: pure, for the single ops (activity-ops.ts)
// and a planned batch (batch-plan.ts) alike.
import type { PartyReport, StationVisit, VolunteerCheckin } from '../../shared/protocol';
import { HttpError } from '../http-error';
import type { ActivityRecord } from '../store/records';
import { parseTime } from './ingest-deps';
import type { RuleDeps } from './problem-rules';

function region(deps: RuleDeps, id: string): void {
  if (!deps.index.regions.has(id))
    throw new HttpError(
      400,
      'unknown_region',
      `regionId "${id}" is not a region of this district; GET /api/geo lists them`,
    );
}

export function volunteerRow(deps: RuleDeps, b: VolunteerCheckin): ActivityRecord {
  region(deps, b.regionId);
  const record = {
    id: b.id,
    regionId: b.regionId,
    tenths: Math.round(b.hours * 10),
    at: parseTime(b.at, deps.now(), 'at'),
  };
  return { kind: 'volunteer', record };
}

export function partyRow(deps: RuleDeps, b: PartyReport): ActivityRecord {
  region(deps, b.regionId);
  const record = { id: b.id, regionId: b.regionId, at: parseTime(b.at, deps.now(), 'at') };
  return { kind: 'party', record };
}

export function visitRow(deps: RuleDeps, b: StationVisit): ActivityRecord {
  const station = deps.index.stations.get(b.stationId);
  if (!station)
    throw new HttpError(
      400,
      'unknown_station',
      `stationId "${b.stationId}" is not a station of this district; GET /api/geo lists them`,
    );
  const record = {
    id: b.id,
    stationId: b.stationId,
    regionId: station.regionId,
    at: parseTime(b.at, deps.now(), 'at'),
  };
  return { kind: 'visit', record };
}
