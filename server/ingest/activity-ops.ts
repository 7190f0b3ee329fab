// Volunteer check-ins, party members reporting to their community (双报到) and station visits:
// each a single row with the caller's id, so a retry stores nothing twice.
import type { PartyReport, StationVisit, VolunteerCheckin } from '../../shared/protocol';
import { HttpError } from '../http-error';
import type { IngestDeps, OpResult } from './ingest-deps';
import { parseTime } from './ingest-deps';

type Ack = { id: string; duplicate: boolean };

function region(deps: IngestDeps, id: string): void {
  if (!deps.index.regions.has(id))
    throw new HttpError(
      400,
      'unknown_region',
      `regionId "${id}" is not a region of this district; GET /api/geo lists them`,
    );
}

async function volunteerOp(deps: IngestDeps, b: VolunteerCheckin): Promise<OpResult<Ack>> {
  region(deps, b.regionId);
  const rec = {
    id: b.id,
    regionId: b.regionId,
    tenths: Math.round(b.hours * 10),
    at: parseTime(b.at, deps.now(), 'at'),
  };
  if (!(await deps.store.insertVolunteer(rec)))
    return { status: 200, body: { id: b.id, duplicate: true }, duplicate: true };
  return {
    status: 201,
    body: { id: b.id, duplicate: false },
    after: () => deps.changes.activity({ kind: 'volunteer', record: rec }),
  };
}

async function partyReportOp(deps: IngestDeps, b: PartyReport): Promise<OpResult<Ack>> {
  region(deps, b.regionId);
  const rec = { id: b.id, regionId: b.regionId, at: parseTime(b.at, deps.now(), 'at') };
  if (!(await deps.store.insertPartyReport(rec)))
    return { status: 200, body: { id: b.id, duplicate: true }, duplicate: true };
  return {
    status: 201,
    body: { id: b.id, duplicate: false },
    after: () => deps.changes.activity({ kind: 'party', record: rec }),
  };
}

async function stationVisitOp(deps: IngestDeps, b: StationVisit): Promise<OpResult<Ack>> {
  const station = deps.index.stations.get(b.stationId);
  if (!station)
    throw new HttpError(
      400,
      'unknown_station',
      `stationId "${b.stationId}" is not a station of this district; GET /api/geo lists them`,
    );
  const rec = {
    id: b.id,
    stationId: b.stationId,
    regionId: station.regionId,
    at: parseTime(b.at, deps.now(), 'at'),
  };
  if (!(await deps.store.insertStationVisit(rec)))
    return { status: 200, body: { id: b.id, duplicate: true }, duplicate: true };
  return {
    status: 201,
    body: { id: b.id, duplicate: false },
    after: () => deps.changes.activity({ kind: 'visit', record: rec }),
  };
}

export function activityOps(deps: IngestDeps) {
  return {
    volunteer: (b: VolunteerCheckin) => volunteerOp(deps, b),
    partyReport: (b: PartyReport) => partyReportOp(deps, b),
    stationVisit: (b: StationVisit) => stationVisitOp(deps, b),
  };
}
