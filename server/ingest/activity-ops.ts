// Volunteer check-ins, party members reporting to their community (双报到) and station visits:
// each a single row with the caller's id (activity-rows.ts), so a retry stores nothing twice.
import type { PartyReport, StationVisit, VolunteerCheckin } from '../../shared/protocol';
import type { ActivityRecord } from '../store/records';
import { partyRow, visitRow, volunteerRow } from './activity-rows';
import type { IngestDeps, OpResult } from './ingest-deps';

type Ack = { id: string; duplicate: boolean };

function insert(deps: IngestDeps, a: ActivityRecord): Promise<boolean> {
  switch (a.kind) {
    case 'volunteer':
      return deps.store.insertVolunteer(a.record);
    case 'party':
      return deps.store.insertPartyReport(a.record);
    case 'visit':
      return deps.store.insertStationVisit(a.record);
  }
}

async function activityOp(deps: IngestDeps, a: ActivityRecord): Promise<OpResult<Ack>> {
  const id = a.record.id;
  if (!(await insert(deps, a)))
    return { status: 200, body: { id, duplicate: true }, duplicate: true };
  return {
    status: 201,
    body: { id, duplicate: false },
    after: () => deps.changes.activity(a),
  };
}

export function activityOps(deps: IngestDeps) {
  return {
    // async: a refused row rejects the promise, as a store error does.
    volunteer: async (b: VolunteerCheckin) => activityOp(deps, volunteerRow(deps, b)),
    partyReport: async (b: PartyReport) => activityOp(deps, partyRow(deps, b)),
    stationVisit: async (b: StationVisit) => activityOp(deps, visitRow(deps, b)),
  };
}
