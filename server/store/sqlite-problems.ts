// Problems and the event log they write: one row per problem, one event per stage change.
import type Database from 'better-sqlite3';
import { COLS, type ProblemRow, rowValues, toRecord, toRow } from './sqlite-problem-row';
import type { ProblemEventRecord, ProblemFacts, ProblemRecord, SyncStore } from './records';
import { cursorAfter } from './keyset';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../shared/protocol';

/** The store's methods on problems and their event log (the PostgreSQL store has the same). */
export type ProblemMethods =
  | 'getProblem'
  | 'insertProblem'
  | 'updateProblem'
  | 'insertEvent'
  | 'eachProblem'
  | 'positionsSince'
  | 'firstReportedAt'
  | 'openProblems'
  | 'problemsChangedAfter';
type ProblemStore = Pick<SyncStore, ProblemMethods>;

/** What a problem write changes in the roll-ups, recorded in the write's transaction. */
export interface ProblemRollupHook {
  added(p: ProblemRecord): void;
  replaced(prev: ProblemRecord, next: ProblemRecord): void;
}

export function sqliteProblems(db: Database.Database, hook: ProblemRollupHook): ProblemStore {
  const st = {
    getProblem: db.prepare<[string], ProblemRow>('SELECT * FROM problems WHERE id = ?'),
    // Positional parameters on the two inserts a bulk write runs per row (rowValues).
    insertProblem: db.prepare<unknown[]>(
      `INSERT INTO problems (${COLS.join(',')}) VALUES (${COLS.map(() => '?').join(',')})`,
    ),
    updateProblem: db.prepare(
      `UPDATE problems SET ${COLS.filter((c) => c !== 'id')
        .map((c) => `${c} = @${c}`)
        .join(', ')} WHERE id = @id`,
    ),
    insertEvent: db.prepare<[string, string, string, string, string | null, string | null, number]>(
      `INSERT OR IGNORE INTO problem_events (id, problem_id, kind, stage, tier, rating, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    allProblems: db.prepare<[], ProblemRow>('SELECT * FROM problems'),
    open: db.prepare<[], ProblemRow>('SELECT * FROM problems WHERE closed_at IS NULL'),
    changedPage: db.prepare<[number, number, number], ProblemRow & { rid: number }>(
      `SELECT rowid AS rid, * FROM problems WHERE (last_at, rowid) > (?, ?)
       ORDER BY last_at, rowid LIMIT ?`,
    ),
    positions: db.prepare<[number], { lon: number; lat: number }>(
      'SELECT lon, lat FROM problems WHERE reported_at >= ? ORDER BY reported_at DESC',
    ),
    firstReported: db.prepare<[], { t: number | null }>(
      'SELECT MIN(reported_at) AS t FROM problems',
    ),
  };
  const insertEvent = (e: ProblemEventRecord) =>
    st.insertEvent.run(e.id, e.problemId, e.kind, e.stage, e.tier, e.rating, e.at);
  return {
    getProblem: (id) => {
      const r = st.getProblem.get(id);
      return r ? toRecord(r) : undefined;
    },
    insertProblem(p, event) {
      st.insertProblem.run(rowValues(p));
      hook.added(p);
      if (event) insertEvent(event);
    },
    updateProblem(p, event) {
      const prev = st.getProblem.get(p.id);
      if (st.updateProblem.run(toRow(p)).changes > 0 && prev) hook.replaced(toRecord(prev), p);
      insertEvent(event);
    },
    insertEvent(event) {
      insertEvent(event);
    },
    eachProblem(fn) {
      for (const r of st.allProblems.iterate()) fn(toRecord(r));
    },
    openProblems: () => st.open.all().map(toRecord),
    problemsChangedAfter(at, after, limit) {
      const [t, rid] = after ?? cursorAfter(at);
      const rows = st.changedPage.all(t!, rid!, limit);
      const last = rows.at(-1);
      return { rows: rows.map(toRecord), next: last ? [last.last_at, last.rid] : [t!, rid!] };
    },
    positionsSince: (since) => st.positions.all(since).map((r) => [r.lon, r.lat]),
    firstReportedAt: () => st.firstReported.get()?.t ?? undefined,
  };
}

type FactsRow = [
  string,
  ProblemFacts['category'],
  ProblemFacts['source'],
  ProblemFacts['tier'],
  number,
  number | null,
  number,
  ProblemFacts['rating'],
  number | null,
];

/**
 * Every problem as the facts a count reads: nine columns as arrays, not twenty as objects (the
 * roll-up check reads a city's million rows; the wide row and its text were most of its time).
 * fn is handed one object, refilled for each row: it reads it and must not keep it.
 */
export function eachProblemFacts(db: Database.Database): (fn: (p: ProblemFacts) => void) => void {
  const facts = db
    .prepare<[], FactsRow>(
      `SELECT grid_id, category, source, tier, reported_at, closed_at, due_at, rating, rated_at
       FROM problems`,
    )
    .raw();
  return (fn) => {
    const p: ProblemFacts = {
      placeId: '',
      category: PROBLEM_CATEGORIES[0],
      source: PROBLEM_SOURCES[0],
      tier: null,
      reportedAt: 0,
      closedAt: null,
      dueAt: 0,
      rating: null,
      ratedAt: null,
    };
    for (const r of facts.iterate()) {
      p.placeId = r[0];
      p.category = r[1];
      p.source = r[2];
      p.tier = r[3];
      p.reportedAt = r[4];
      p.closedAt = r[5];
      p.dueAt = r[6];
      p.rating = r[7];
      p.ratedAt = r[8];
      fn(p);
    }
  };
}
