// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a write is on disk
// before its 2xx leaves (it survives kill -9). better-sqlite3 is synchronous, which is what makes
// "acknowledged means durable" simple: the answer is sent after the commit returned.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEMA } from './sqlite-schema';
import { migrate } from './sqlite-migrate';
import { sqliteIdempotency } from './sqlite-idempotency';
import { sqliteTokens } from './sqlite-tokens';
import { sqliteImports } from './sqlite-imports';
import { sqliteConsoleTokens } from './console-tokens';
import type { ProblemEventRecord, ProblemRecord, Store } from './records';
import type { ResponseTier } from '../../shared/protocol';

interface ProblemRow {
  id: string;
  category: string;
  source: string;
  grid_id: string;
  lon: number;
  lat: number;
  stage: string;
  tier: string | null;
  reported_at: number;
  called_at: number | null;
  responded_at: number | null;
  handled_at: number | null;
  closed_at: number | null;
  due_at: number;
  rating: string | null;
  rated_at: number | null;
  description: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
}

function toRecord(r: ProblemRow): ProblemRecord {
  return {
    id: r.id,
    category: r.category as ProblemRecord['category'],
    source: r.source as ProblemRecord['source'],
    gridId: r.grid_id,
    position: [r.lon, r.lat],
    stage: r.stage as ProblemRecord['stage'],
    tier: r.tier as ProblemRecord['tier'],
    reportedAt: r.reported_at,
    calledAt: r.called_at,
    respondedAt: r.responded_at,
    handledAt: r.handled_at,
    closedAt: r.closed_at,
    dueAt: r.due_at,
    rating: r.rating as ProblemRecord['rating'],
    ratedAt: r.rated_at,
    description: r.description,
    reporterName: r.reporter_name,
    reporterPhone: r.reporter_phone,
  };
}

function toRow(p: ProblemRecord): ProblemRow {
  return {
    id: p.id,
    category: p.category,
    source: p.source,
    grid_id: p.gridId,
    lon: p.position[0],
    lat: p.position[1],
    stage: p.stage,
    tier: p.tier,
    reported_at: p.reportedAt,
    called_at: p.calledAt,
    responded_at: p.respondedAt,
    handled_at: p.handledAt,
    closed_at: p.closedAt,
    due_at: p.dueAt,
    rating: p.rating,
    rated_at: p.ratedAt,
    description: p.description,
    reporter_name: p.reporterName,
    reporter_phone: p.reporterPhone,
  };
}

const COLS: Array<keyof ProblemRow> = [
  'id',
  'category',
  'source',
  'grid_id',
  'lon',
  'lat',
  'stage',
  'tier',
  'reported_at',
  'called_at',
  'responded_at',
  'handled_at',
  'closed_at',
  'due_at',
  'rating',
  'rated_at',
  'description',
  'reporter_name',
  'reporter_phone',
];

export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  migrate(db);

  const st = {
    getProblem: db.prepare<[string], ProblemRow>('SELECT * FROM problems WHERE id = ?'),
    insertProblem: db.prepare(
      `INSERT INTO problems (${COLS.join(',')}) VALUES (${COLS.map((c) => '@' + c).join(',')})`,
    ),
    updateProblem: db.prepare(
      `UPDATE problems SET ${COLS.filter((c) => c !== 'id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id`,
    ),
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO problem_events (id, problem_id, kind, stage, tier, rating, at)
       VALUES (@id, @problemId, @kind, @stage, @tier, @rating, @at)`,
    ),
    insertVolunteer: db.prepare(
      'INSERT OR IGNORE INTO volunteer_checkins (id, region_id, tenths, at) VALUES (?, ?, ?, ?)',
    ),
    insertParty: db.prepare(
      'INSERT OR IGNORE INTO party_reports (id, region_id, at) VALUES (?, ?, ?)',
    ),
    insertVisit: db.prepare(
      'INSERT OR IGNORE INTO station_visits (id, station_id, region_id, at) VALUES (?, ?, ?, ?)',
    ),
    allProblems: db.prepare<[], ProblemRow>('SELECT * FROM problems'),
    volunteers: db.prepare<[number], { id: string; region_id: string; tenths: number; at: number }>(
      'SELECT * FROM volunteer_checkins WHERE at >= ?',
    ),
    party: db.prepare<[number], { id: string; region_id: string; at: number }>(
      'SELECT * FROM party_reports WHERE at >= ?',
    ),
    visits: db.prepare<[number], { id: string; station_id: string; region_id: string; at: number }>(
      'SELECT * FROM station_visits WHERE at >= ?',
    ),
    recentEvents: db.prepare<
      [number],
      Omit<ProblemEventRecord, 'problemId'> & { problem_id: string }
    >(
      'SELECT id, problem_id, kind, stage, tier, rating, at FROM problem_events ORDER BY seq DESC LIMIT ?',
    ),
    eventsUntil: db.prepare<
      [number, number],
      Omit<ProblemEventRecord, 'problemId'> & { problem_id: string }
    >(
      `SELECT id, problem_id, kind, stage, tier, rating, at FROM problem_events
       WHERE at <= ? ORDER BY at DESC, seq DESC LIMIT ?`,
    ),
    // Escalation events are the ones with an id `<problem>:<kind>:responding:<tier>` (one per tier).
    tierEvents: db.prepare<[number], { problem_id: string; tier: ResponseTier; at: number }>(
      `SELECT problem_id, tier, at FROM problem_events
       WHERE stage = 'responding' AND tier IS NOT NULL AND problem_id IN (
         SELECT problem_id FROM problem_events
         WHERE stage = 'responding' AND at > ? AND id = problem_id || ':' || kind || ':responding:' || tier)
       ORDER BY at, seq`,
    ),
    positions: db.prepare<[number], { lon: number; lat: number }>(
      'SELECT lon, lat FROM problems WHERE reported_at >= ? ORDER BY reported_at DESC',
    ),
    firstReported: db.prepare<[], { t: number | null }>(
      'SELECT MIN(reported_at) AS t FROM problems',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  };

  const getProblem = (id: string) => {
    const r = st.getProblem.get(id);
    return r ? toRecord(r) : undefined;
  };
  return {
    transaction: (fn) => db.transaction(fn)(),
    getProblem,
    imports: sqliteImports(db, getProblem),
    consoleTokens: sqliteConsoleTokens(db),
    insertProblem(p, event) {
      st.insertProblem.run(toRow(p));
      if (event) st.insertEvent.run(event);
    },
    updateProblem(p, event) {
      st.updateProblem.run(toRow(p));
      st.insertEvent.run(event);
    },
    insertEvent(event) {
      st.insertEvent.run(event);
    },
    insertVolunteer: (v) => st.insertVolunteer.run(v.id, v.regionId, v.tenths, v.at).changes > 0,
    insertPartyReport: (r) => st.insertParty.run(r.id, r.regionId, r.at).changes > 0,
    insertStationVisit: (v) => st.insertVisit.run(v.id, v.stationId, v.regionId, v.at).changes > 0,
    eachProblem(fn) {
      for (const r of st.allProblems.iterate()) fn(toRecord(r));
    },
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
    recentEvents: (limit, until) =>
      (until === undefined ? st.recentEvents.all(limit) : st.eventsUntil.all(until, limit)).map(
        (r) => ({
          id: r.id,
          problemId: r.problem_id,
          kind: r.kind,
          stage: r.stage,
          tier: r.tier,
          rating: r.rating,
          at: r.at,
        }),
      ),
    tiersAt(at) {
      const tiers = new Map<string, ResponseTier>();
      for (const r of st.tierEvents.iterate(at)) if (r.at <= at) tiers.set(r.problem_id, r.tier);
      return tiers;
    },
    positionsSince: (since) => st.positions.all(since).map((r) => [r.lon, r.lat]),
    ...sqliteIdempotency(db),
    ...sqliteTokens(db),
    firstReportedAt: () => st.firstReported.get()?.t ?? undefined,
    getMeta: (key) => st.getMeta.get(key)?.value,
    setMeta: (key, value) => {
      st.setMeta.run(key, value);
    },
    close: () => db.close(),
  };
}
