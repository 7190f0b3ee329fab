// POST /api/batch, one part of it as one op of a group commit; a bad record is reported and
// skipped without taking good ones with it; effects apply after the commit. A part is first
// planned in plain JS and written in a few bulk statements (batch-planned.ts); what the plan
// cannot settle goes record by record. Record by record, a savepoint each costs about a quarter
// of a record's time, so the records first run without them and only when one is refused (a 4xx,
// or the database's error) is the part rolled back and run again with one savepoint per record.
import type { BatchResult } from '../../shared/protocol';
import type { IngestDeps, OpResult } from './ingest-deps';
import { type ActivityOps, RecordFailed, type RecordResult, runRecord } from './batch-record';
import { runPlanned } from './batch-planned';

/** Every record in order; `savepoint` false stops at the first failure (RecordFailed). */
async function runRecords(
  deps: IngestDeps,
  activity: ActivityOps,
  records: Array<Record<string, unknown>>,
  first: number,
  savepoint: boolean,
) {
  const after: Array<() => void> = [];
  const results: RecordResult[] = [];
  for (let i = 0; i < records.length; i++)
    results.push(await runRecord(deps, activity, records[i]!, first + i, after, savepoint));
  return { after, results };
}

type Run = { after: Array<() => void>; results: RecordResult[] };

function partResult({ after, results }: Run): OpResult<BatchResult> {
  const accepted = results.filter((r) => r.ok).length;
  return {
    status: 200,
    body: { accepted, rejected: results.length - accepted, results },
    after: () => {
      for (const fn of after) fn();
    },
  };
}

/**
 * Records of a batch one by one (the single ops), as one op: run inside a savepoint (of the
 * group), its effects after the commit. `first` is the index of records[0] in the whole batch
 * (results carry whole-batch indexes).
 */
export async function recordByRecordOp(
  deps: IngestDeps,
  activity: ActivityOps,
  records: Array<Record<string, unknown>>,
  first = 0,
): Promise<OpResult<BatchResult>> {
  let run: Run;
  try {
    run = await deps.store.transaction(() => runRecords(deps, activity, records, first, false));
  } catch (err) {
    if (!(err instanceof RecordFailed)) throw err;
    run = await runRecords(deps, activity, records, first, true);
  }
  return partResult(run);
}

/**
 * Records of a batch as one op, planned (batch-planned.ts); the same answer, rows and effects as
 * recordByRecordOp, which takes the part over when the plan missed (a problem the plan took for
 * new was stored) or the database refused a bulk write.
 */
export async function batchOp(
  deps: IngestDeps,
  activity: ActivityOps,
  records: Array<Record<string, unknown>>,
  first = 0,
): Promise<OpResult<BatchResult>> {
  const planned = (savepoint: boolean) =>
    deps.store.transaction(() => runPlanned(deps, activity, records, first, savepoint));
  try {
    try {
      return partResult(await planned(false));
    } catch (err) {
      if (!(err instanceof RecordFailed)) throw err;
      return partResult(await planned(true));
    }
  } catch {
    // PlanMissed, or a bulk write the database refused: the single ops say which record it was.
    return recordByRecordOp(deps, activity, records, first);
  }
}
