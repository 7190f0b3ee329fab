// Problems and the event log they write (sqlite-problems.ts on PostgreSQL).
import { COLS, type ProblemRow, toRecord, toRow } from '../sqlite-problem-row';
import type { ProblemEventRecord, ProblemFacts, Store } from '../records';
import type { ProblemMethods, ProblemRollupHook } from '../sqlite-problems';
import { cursorAfter } from '../keyset';
import { eachKeyset, PAGE_ROWS, type Queryable } from './conn';

type ProblemStore = Pick<Store, ProblemMethods>;

const INSERT = `INSERT INTO problems (${COLS.join(',')}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(',')})`;
const UPDATE = `UPDATE problems SET ${COLS.slice(1)
  .map((c, i) => `${c} = $${i + 2}`)
  .join(', ')} WHERE id = $1`;
const INSERT_EVENT = `INSERT INTO problem_events (id, problem_id, kind, stage, tier, rating, at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`;

const values = (p: Parameters<typeof toRow>[0]) => {
  const row = toRow(p);
  return COLS.map((c) => row[c]);
};
/** An event-log row's columns in EVENT_COLS order (pg-bulk.ts stages the same). */
export const eventValues = (e: ProblemEventRecord) => [
  e.id,
  e.problemId,
  e.kind,
  e.stage,
  e.tier,
  e.rating,
  e.at,
];

export function pgProblems(q: Queryable, hook: ProblemRollupHook): ProblemStore {
  const one = async (id: string, lock = '') =>
    (await q.query<ProblemRow>(`SELECT * FROM problems WHERE id = $1${lock}`, [id])).rows[0];
  return {
    getProblem: async (id) => {
      const r = await one(id);
      return r ? toRecord(r) : undefined;
    },
    async insertProblem(p, event) {
      await q.query(INSERT, values(p));
      hook.added(p);
      if (event) await q.query(INSERT_EVENT, eventValues(event));
    },
    async updateProblem(p, event) {
      // FOR UPDATE: a concurrent update of the same problem waits, so each takes back the state
      // the other left (the roll-ups see every step once).
      const prev = await one(p.id, ' FOR UPDATE');
      const r = await q.query(UPDATE, values(p));
      if (r.rowCount && prev) hook.replaced(toRecord(prev), p);
      await q.query(INSERT_EVENT, eventValues(event));
    },
    async insertEvent(event) {
      await q.query(INSERT_EVENT, eventValues(event));
    },
    eachProblem: (fn) =>
      eachKeyset<ProblemRow>(
        q,
        (after) =>
          after
            ? ['SELECT * FROM problems WHERE id > $1 ORDER BY id LIMIT $2', [after.id, PAGE_ROWS]]
            : ['SELECT * FROM problems ORDER BY id LIMIT $1', [PAGE_ROWS]],
        (r) => fn(toRecord(r)),
      ),
    openProblems: async () =>
      (
        await q.query<ProblemRow>('SELECT * FROM problems WHERE closed_at IS NULL ORDER BY rid')
      ).rows.map(toRecord),
    async problemsChangedAfter(at, after, limit) {
      const [t, rid] = after ?? cursorAfter(at);
      const { rows } = await q.query<ProblemRow & { rid: number }>(
        `SELECT * FROM problems WHERE (last_at, rid) > ($1, $2) ORDER BY last_at, rid LIMIT $3`,
        [t, rid, limit],
      );
      const last = rows.at(-1);
      return { rows: rows.map(toRecord), next: last ? [last.last_at, last.rid] : [t!, rid!] };
    },
    positionsSince: async (since) =>
      (
        await q.query<{ lon: number; lat: number }>(
          'SELECT lon, lat FROM problems WHERE reported_at >= $1 ORDER BY reported_at DESC, rid DESC',
          [since],
        )
      ).rows.map((r) => [r.lon, r.lat]),
    firstReportedAt: async () =>
      (await q.query<{ t: number | null }>('SELECT MIN(reported_at) AS t FROM problems')).rows[0]
        ?.t ?? undefined,
  };
}

/** The facts a count reads, named as ProblemFacts names them: each row is one as it comes. */
const FACTS = `SELECT id, grid_id AS "placeId", category, source, tier, reported_at AS "reportedAt",
  closed_at AS "closedAt", due_at AS "dueAt", rating, rated_at AS "ratedAt" FROM problems`;

/**
 * Every problem as the facts a count reads (the roll-up check's worker), page by page: ten
 * columns, not all twenty with their text (eachProblemFacts reads the same on SQLite).
 */
export function eachProblemFacts(q: Queryable): (fn: (p: ProblemFacts) => void) => Promise<void> {
  return (fn) =>
    eachKeyset<ProblemFacts & { id: string }>(
      q,
      (after) =>
        after
          ? [`${FACTS} WHERE id > $1 ORDER BY id LIMIT $2`, [after.id, PAGE_ROWS]]
          : [`${FACTS} ORDER BY id LIMIT $1`, [PAGE_ROWS]],
      fn,
    );
}
