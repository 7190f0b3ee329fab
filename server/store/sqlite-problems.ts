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

/**
 * Every problem as the facts a count reads: nine columns, not twenty. The rows reach JS as the
 * arguments of a SQL function that SQLite calls as it steps through the table (`SELECT
 * count(fn(…))`), not through iterate(): that crosses from JS into SQLite and builds an array for
 * every row, and was most of the roll-up check's scan of a city's million rows (~2.5 s against
 * ~0.6 s this way, measured on the 2-core machine).
 * fn is handed one object, refilled for each row: it reads it and must not keep it.
 */
export function eachProblemFacts(db: Database.Database): (fn: (p: ProblemFacts) => void) => void {
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
  let visit: ((p: ProblemFacts) => void) | null = null;
  db.function(
    'scb_problem_facts',
    { deterministic: false, directOnly: true },
    (
      placeId: string,
      category: ProblemFacts['category'],
      source: ProblemFacts['source'],
      tier: ProblemFacts['tier'],
      reportedAt: number,
      closedAt: number | null,
      dueAt: number,
      rating: ProblemFacts['rating'],
      ratedAt: number | null,
    ) => {
      p.placeId = placeId;
      p.category = category;
      p.source = source;
      p.tier = tier;
      p.reportedAt = reportedAt;
      p.closedAt = closedAt;
      p.dueAt = dueAt;
      p.rating = rating;
      p.ratedAt = ratedAt;
      visit!(p);
    },
  );
  const scan = db.prepare(
    `SELECT count(scb_problem_facts(grid_id, category, source, tier, reported_at, closed_at,
       due_at, rating, rated_at)) FROM problems`,
  );
  return (fn) => {
    visit = fn;
    try {
      scan.get();
    } finally {
      visit = null;
    }
  };
}
