// A part of /api/batch planned (batch-plan.ts) and written in runs: the planned records since
// the last unplanned one go to the store in one Store.insertMany (COPY into staging tables on
// PostgreSQL, a prepared-statement loop on SQLite), each new problem in the state its steps left
// it and the event-log rows in record order; an unplanned record then runs through the single
// ops. Results, rows, roll-ups and effects come out as the single ops would give them record by
// record: roll-ups follow a problem's state, so its last state counts as its steps did.
import type { BulkRows, ProblemRecord } from '../store/records';
import type { IngestDeps } from './ingest-deps';
import { type ActivityOps, type RecordResult, runRecord } from './batch-record';
import { type Plan, planRecord } from './batch-plan';
import { problemEffects } from './problem-ops';
import type { RuleDeps } from './problem-rules';
import { type LoopTurns, loopTurns } from './loop-turns';

/**
 * The store held a problem the plan took for new, and records after it were planned on the new
 * one's state: the part goes record by record instead.
 */
class PlanMissed extends Error {}

type Entry = { index: number; plan: Plan };

export interface PartRun {
  results: RecordResult[];
  /** Effects in record order, for after the commit. */
  after: Array<() => void>;
}

/** The bulk rows of a run: problems in their last state, events and activity in record order. */
function rowsOf(run: Entry[], known: ReadonlyMap<string, ProblemRecord>): BulkRows {
  const rows: Required<BulkRows> = { problems: [], events: [], activity: [] };
  for (const { plan } of run) {
    if (plan.kind === 'create')
      rows.problems.push({ p: known.get(plan.step.next.id)!, events: [] });
    if (plan.kind === 'create' || plan.kind === 'change') rows.events.push(plan.step.ev);
    if (plan.kind === 'activity') rows.activity.push(plan.row);
  }
  return rows;
}

/** Writes a run of planned records; their results and effects go onto `out`, in order. */
async function writeRun(
  deps: IngestDeps,
  run: Entry[],
  known: ReadonlyMap<string, ProblemRecord>,
  out: PartRun,
): Promise<void> {
  const rows = rowsOf(run, known);
  const empty = rows.problems!.length + rows.activity!.length === 0;
  const res = empty ? { problems: [], storedActivity: [] } : await deps.store.insertMany(rows);
  const stored = new Set(res.problems);
  const missing = new Set(
    run.flatMap(({ plan }) =>
      plan.kind === 'create' && !stored.has(plan.step.next.id) ? [plan.step.next.id] : [],
    ),
  );
  if (missing.size > 0 && run.some(({ plan }) => planOn(plan, missing))) throw new PlanMissed();
  outcomes(deps, run, stored, res.storedActivity, out);
}

/**
 * The results and effects of a written run, in record order, onto `out`: `stored` the ids of
 * the problems its write stored, `storedActivity` the indexes of its activity rows stored.
 */
function outcomes(
  deps: IngestDeps,
  run: Entry[],
  stored: ReadonlySet<string>,
  storedActivity: readonly number[] | undefined,
  out: PartRun,
): void {
  const activityStored = new Set(storedActivity);
  let a = 0;
  for (const { index, plan } of run) {
    switch (plan.kind) {
      case 'settled':
      case 'refused-create':
        out.results.push(plan.result);
        break;
      case 'create':
        if (!stored.has(plan.step.next.id)) {
          out.results.push({ index, ok: true, duplicate: true });
          break;
        }
        out.results.push({ index, ok: true });
        out.after.push(problemEffects(deps, undefined, plan.step.next, plan.step.ev));
        break;
      case 'change':
        out.results.push({ index, ok: true });
        out.after.push(problemEffects(deps, plan.prev, plan.step.next, plan.step.ev));
        break;
      case 'activity': {
        if (!activityStored.has(a++)) {
          out.results.push({ index, ok: true, duplicate: true });
          break;
        }
        const row = plan.row;
        out.results.push({ index, ok: true });
        out.after.push(() => deps.changes.activity(row));
        break;
      }
      case 'unplanned':
        throw new Error('an unplanned record in a planned run');
    }
  }
}

/** Whether the plan was read off the state of one of `ids` (a step of it, or an answer on it). */
function planOn(plan: Plan, ids: Set<string>): boolean {
  if (plan.kind === 'change') return ids.has(plan.step.next.id);
  return plan.kind === 'settled' && plan.on !== undefined && ids.has(plan.on);
}

/**
 * The records of a part, planned and written in runs, inside the caller's transaction. An
 * unplanned record runs through the single ops, in a savepoint of its own when `savepoint`
 * (without one, its failure is RecordFailed, as record by record). Throws PlanMissed.
 */
export async function runPlanned(
  deps: IngestDeps,
  activity: ActivityOps,
  records: Array<Record<string, unknown>>,
  first: number,
  savepoint: boolean,
): Promise<PartRun> {
  const out: PartRun = { results: [], after: [] };
  // Problems created in the current run, in the state its records left them.
  const known = new Map<string, ProblemRecord>();
  let run: Entry[] = [];
  const flush = async () => {
    if (run.length > 0) await writeRun(deps, run, known, out);
    run = [];
    // Written now: a later step of theirs reads the stored row (the single ops).
    known.clear();
  };
  for (let i = 0; i < records.length; i++) {
    const index = first + i;
    const plan = planRecord(deps, known, records[i]!, index);
    if (plan.kind === 'unplanned') {
      await flush();
      out.results.push(await runRecord(deps, activity, records[i]!, index, out.after, savepoint));
      continue;
    }
    if (plan.kind === 'refused-create' && (await deps.store.getProblem(plan.id))) {
      // The single op answers a create of a stored id as a duplicate before it checks the rest.
      run.push({ index, plan: { kind: 'settled', result: { index, ok: true, duplicate: true } } });
      continue;
    }
    if (plan.kind === 'create' || plan.kind === 'change')
      known.set(plan.step.next.id, plan.step.next);
    run.push({ index, plan });
  }
  await flush();
  return out;
}

/** A part planned whole (no record for the single ops), for a writer on another connection. */
export interface WholePlan {
  run: Entry[];
  rows: BulkRows;
  /** Ids of creates the rules refused: duplicates instead when the store holds them. */
  refused: string[];
  /** Ids of the part's creates that later records were planned on (PlanMissed when stored). */
  dependents: string[];
}

/**
 * The part planned in memory; null when a record needs the single ops (they read the store).
 * In turns of the event loop: a bulk part's few thousand records take some 15-35 ms to plan.
 */
export async function planWhole(
  deps: RuleDeps,
  records: Array<Record<string, unknown>>,
  first: number,
  turns: LoopTurns = loopTurns(),
): Promise<WholePlan | null> {
  const known = new Map<string, ProblemRecord>();
  const run: Entry[] = [];
  for (let i = 0; i < records.length; i++) {
    if (turns.due()) await turns.turn();
    const plan = planRecord(deps, known, records[i]!, first + i);
    if (plan.kind === 'unplanned') return null;
    if (plan.kind === 'create' || plan.kind === 'change')
      known.set(plan.step.next.id, plan.step.next);
    run.push({ index: first + i, plan });
  }
  // What later records were read off: a change's problem, or the problem an answer was read off.
  const readOff = new Set(
    run.flatMap(({ plan }) =>
      plan.kind === 'change'
        ? [plan.step.next.id]
        : plan.kind === 'settled' && plan.on
          ? [plan.on]
          : [],
    ),
  );
  return {
    run,
    rows: rowsOf(run, known),
    refused: run.flatMap(({ plan }) => (plan.kind === 'refused-create' ? [plan.id] : [])),
    dependents: run.flatMap(({ plan }) =>
      plan.kind === 'create' && readOff.has(plan.step.next.id) ? [plan.step.next.id] : [],
    ),
  };
}

/** What the single ops would have answered for a whole plan its writer stored. */
export function wholeOutcome(
  deps: IngestDeps,
  whole: WholePlan,
  res: { problems: string[]; storedActivity?: number[] },
  refusedStored: readonly string[],
): PartRun {
  const stored = new Set(refusedStored);
  const run = whole.run.map((e): Entry =>
    e.plan.kind === 'refused-create' && stored.has(e.plan.id)
      ? {
          index: e.index,
          plan: { kind: 'settled', result: { index: e.index, ok: true, duplicate: true } },
        }
      : e,
  );
  const out: PartRun = { results: [], after: [] };
  outcomes(deps, run, new Set(res.problems), res.storedActivity, out);
  return out;
}
