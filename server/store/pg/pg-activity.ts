// Volunteer check-ins, party-member reports and station visits (sqlite-activity.ts on PostgreSQL).
import type { ActivityRecord, Store } from '../records';
import {
  ACTIVITY_TABLES,
  toActivity,
  type ActivityMethods,
  type ActivityRow,
} from '../sqlite-activity';
import { cursorAfter } from '../keyset';
import { eachKeyset, PAGE_ROWS, type Queryable } from './conn';

type ActivityStore = Pick<Store, ActivityMethods>;

/** Rows of one kind in (at, rid) order from `(t, rid)` on: the order of each table's index. */
const pageAfter = (kind: ActivityRecord['kind']) =>
  `SELECT * FROM ${ACTIVITY_TABLES[kind]} WHERE (at, rid) > ($1, $2) ORDER BY at, rid LIMIT $3`;

export function pgActivity(
  q: Queryable,
  /** Runs in the insert's transaction when a row was stored (not an idempotent retry). */
  added: (a: ActivityRecord) => void,
): ActivityStore {
  const insert = async (sql: string, values: unknown[], a: ActivityRecord) => {
    const r = await q.query(sql + ' ON CONFLICT (id) DO NOTHING', values);
    if (r.rowCount) added(a);
    return r.rowCount === 1;
  };
  /** Every row of `kind` dated at or after `since` (rid starts at 1: `(at, rid) > (since, 0)`). */
  const each = (kind: ActivityRecord['kind'], since: number, fn: (a: ActivityRecord) => void) =>
    eachKeyset<ActivityRow>(
      q,
      (after) => [
        pageAfter(kind),
        after ? [after.at, after.rid, PAGE_ROWS] : [since, 0, PAGE_ROWS],
      ],
      (r) => fn(toActivity(kind, r)),
    );
  return {
    insertVolunteer: (v) =>
      insert(
        'INSERT INTO volunteer_checkins (id, region_id, tenths, at) VALUES ($1, $2, $3, $4)',
        [v.id, v.regionId, v.tenths, v.at],
        { kind: 'volunteer', record: v },
      ),
    insertPartyReport: (r) =>
      insert(
        'INSERT INTO party_reports (id, region_id, at) VALUES ($1, $2, $3)',
        [r.id, r.regionId, r.at],
        { kind: 'party', record: r },
      ),
    insertStationVisit: (v) =>
      insert(
        'INSERT INTO station_visits (id, station_id, region_id, at) VALUES ($1, $2, $3, $4)',
        [v.id, v.stationId, v.regionId, v.at],
        { kind: 'visit', record: v },
      ),
    eachVolunteer: (since, fn) =>
      each('volunteer', since, (a) => a.kind === 'volunteer' && fn(a.record)),
    eachPartyReport: (since, fn) => each('party', since, (a) => a.kind === 'party' && fn(a.record)),
    eachStationVisit: (since, fn) =>
      each('visit', since, (a) => a.kind === 'visit' && fn(a.record)),
    async activityAfter(kind, at, from, limit) {
      const [t, rid] = from ?? cursorAfter(at);
      const { rows } = await q.query<ActivityRow>(pageAfter(kind), [t, rid, limit]);
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => toActivity(kind, r)),
        next: last ? [last.at, last.rid] : [t!, rid!],
      };
    },
  };
}
