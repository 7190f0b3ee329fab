// Volunteer check-ins, party-member reports and station visits: insert-once rows read by time.
import type Database from 'better-sqlite3';
import type { ActivityRecord, SyncStore } from './records';
import { cursorAfter } from './keyset';
import { DAY_MS, LOCAL_OFFSET_MS, dayNumber } from '../../shared/local-time';

/** The store's methods on activity records (the PostgreSQL store has the same). */
export type ActivityMethods =
  | 'insertVolunteer'
  | 'insertPartyReport'
  | 'insertStationVisit'
  | 'eachVolunteer'
  | 'eachPartyReport'
  | 'eachStationVisit'
  | 'activityAfter';
type ActivityStore = Pick<SyncStore, ActivityMethods>;

export interface ActivityRow {
  rid: number;
  id: string;
  region_id: string;
  at: number;
  tenths?: number;
  station_id?: string;
}

/** The table each kind of activity is stored in. */
export const ACTIVITY_TABLES: Record<ActivityRecord['kind'], string> = {
  volunteer: 'volunteer_checkins',
  party: 'party_reports',
  visit: 'station_visits',
};
export const ACTIVITY_KINDS = Object.keys(ACTIVITY_TABLES) as Array<ActivityRecord['kind']>;

export function toActivity(kind: ActivityRecord['kind'], r: ActivityRow): ActivityRecord {
  const base = { id: r.id, regionId: r.region_id, at: r.at };
  switch (kind) {
    case 'volunteer':
      return { kind, record: { ...base, tenths: r.tenths! } };
    case 'party':
      return { kind, record: base };
    case 'visit':
      return { kind, record: { ...base, stationId: r.station_id! } };
  }
}

export function sqliteActivity(
  db: Database.Database,
  /** Runs in the insert's transaction when a row was stored (not an idempotent retry). */
  added: (a: ActivityRecord) => void,
): ActivityStore {
  const st = {
    insertVolunteer: db.prepare(
      'INSERT OR IGNORE INTO volunteer_checkins (id, region_id, tenths, at) VALUES (?, ?, ?, ?)',
    ),
    insertParty: db.prepare(
      'INSERT OR IGNORE INTO party_reports (id, region_id, at) VALUES (?, ?, ?)',
    ),
    insertVisit: db.prepare(
      'INSERT OR IGNORE INTO station_visits (id, station_id, region_id, at) VALUES (?, ?, ?, ?)',
    ),
    volunteers: db.prepare<[number], { id: string; region_id: string; tenths: number; at: number }>(
      'SELECT * FROM volunteer_checkins WHERE at >= ?',
    ),
    party: db.prepare<[number], { id: string; region_id: string; at: number }>(
      'SELECT * FROM party_reports WHERE at >= ?',
    ),
    visits: db.prepare<[number], { id: string; station_id: string; region_id: string; at: number }>(
      'SELECT * FROM station_visits WHERE at >= ?',
    ),
  };
  // (at, rowid) is the order of each table's index on at, so a page is a range of it (keyset.ts).
  const after = Object.fromEntries(
    Object.entries(ACTIVITY_TABLES).map(([kind, table]) => [
      kind,
      db.prepare<[number, number, number], ActivityRow>(
        `SELECT rowid AS rid, * FROM ${table} WHERE (at, rowid) > (?, ?) ORDER BY at, rowid LIMIT ?`,
      ),
    ]),
  ) as Record<ActivityRecord['kind'], Database.Statement<[number, number, number], ActivityRow>>;
  const stored = (changes: number, a: ActivityRecord): boolean => {
    if (changes > 0) added(a);
    return changes > 0;
  };
  return {
    insertVolunteer: (v) =>
      stored(st.insertVolunteer.run(v.id, v.regionId, v.tenths, v.at).changes, {
        kind: 'volunteer',
        record: v,
      }),
    insertPartyReport: (r) =>
      stored(st.insertParty.run(r.id, r.regionId, r.at).changes, { kind: 'party', record: r }),
    insertStationVisit: (v) =>
      stored(st.insertVisit.run(v.id, v.stationId, v.regionId, v.at).changes, {
        kind: 'visit',
        record: v,
      }),
    eachVolunteer(since, fn) {
      for (const r of st.volunteers.iterate(since))
        fn({ id: r.id, regionId: r.region_id, tenths: r.tenths, at: r.at });
    },
    eachPartyReport(since, fn) {
      for (const r of st.party.iterate(since)) fn({ id: r.id, regionId: r.region_id, at: r.at });
    },
    eachStationVisit(since, fn) {
      for (const r of st.visits.iterate(since))
        fn({ id: r.id, stationId: r.station_id, regionId: r.region_id, at: r.at });
    },
    activityAfter(kind, at, from, limit) {
      const [t, rid] = from ?? cursorAfter(at);
      const rows = after[kind].all(t!, rid!, limit);
      const last = rows.at(-1);
      return {
        rows: rows.map((r) => toActivity(kind, r)),
        next: last ? [last.at, last.rid] : [t!, rid!],
      };
    },
  };
}

/** Identical facts for a count: this record `n` times (same kind, region, local day, tenths). */
export type ActivityGroup = (a: ActivityRecord, n: number) => void;

/**
 * Every activity row (at >= 0, as eachVolunteer(0) reads them), counted in SQL as groups of rows
 * a count cannot tell apart: same region, same local day (dayNumber's, worked out again in SQL),
 * and for a check-in the same tenths. Each group comes with its earliest row, whose day dayNumber gives;
 * a group whose latest row falls on another day (SQL's day and dayNumber disagreeing) sends that
 * table row by row instead. The roll-up check reads 250k activity rows as ~80k groups. `+at`
 * keeps SQLite off the index on at: for (nearly) every row, a scan of the table is half the time
 * of the index plus a lookup of each row.
 */
export function eachActivityGroup(db: Database.Database): (fn: ActivityGroup) => void {
  const day = `(at + ${LOCAL_OFFSET_MS}) / ${DAY_MS}`;
  const grouped = (table: string, extra: string) =>
    db
      .prepare<[], [string, number, number, number, number]>(
        `SELECT region_id, MIN(at), MAX(at), COUNT(*), ${extra || '0'} FROM ${table}
         WHERE +at >= 0 GROUP BY region_id, ${day}${extra ? `, ${extra}` : ''}`,
      )
      .raw();
  const st = {
    volunteer: grouped(ACTIVITY_TABLES.volunteer, 'tenths'),
    party: grouped(ACTIVITY_TABLES.party, ''),
    visit: grouped(ACTIVITY_TABLES.visit, ''),
  };
  const rows = sqliteActivity(db, () => undefined);
  const one = (
    kind: ActivityRecord['kind'],
    regionId: string,
    at: number,
    tenths: number,
  ): ActivityRecord =>
    kind === 'volunteer'
      ? { kind, record: { id: '', regionId, at, tenths } }
      : kind === 'party'
        ? { kind, record: { id: '', regionId, at } }
        : { kind, record: { id: '', stationId: '', regionId, at } };
  return (fn) => {
    for (const kind of ACTIVITY_KINDS) {
      const groups = st[kind].all();
      if (groups.some(([, first, last]) => dayNumber(first) !== dayNumber(last))) {
        const each = (a: ActivityRecord) => fn(a, 1);
        if (kind === 'volunteer') rows.eachVolunteer(0, (record) => each({ kind, record }));
        else if (kind === 'party') rows.eachPartyReport(0, (record) => each({ kind, record }));
        else rows.eachStationVisit(0, (record) => each({ kind, record }));
        continue;
      }
      for (const [regionId, first, , n, tenths] of groups)
        fn(one(kind, regionId, first, tenths), n);
    }
  };
}
