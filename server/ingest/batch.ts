// POST /api/batch: the records run in order inside the batch's savepoint (itself one op of a group
// commit); a bad record is reported and skipped without taking good ones with it; effects apply
// after the commit. A savepoint per record costs about a quarter of a record's time, so a batch
// first runs without them and only when a record is refused (a 4xx, or the database's error)
// is it rolled back and run again with one savepoint per record.
import { Compile } from 'typebox/compile';
import type { BatchRecord, BatchResult } from '../../shared/protocol';
import { HttpError, describeSchemaErrors } from '../http-error';
import {
  PartyReportSchema,
  ProblemCreateSchema,
  ProblemRatingSchema,
  ProblemTransitionSchema,
  StationVisitSchema,
  VolunteerCheckinSchema,
} from '../schemas/ingest';
import type { activityOps } from './activity-ops';
import type { IngestDeps, OpResult } from './ingest-deps';
import { createProblemOp, ratingOp, transitionOp } from './problem-ops';
import type { IdempotencyScope } from '../store/records';
import { bodyHash, remembered } from './idempotency';

type ActivityOps = ReturnType<typeof activityOps>;
type RecordResult = BatchResult['results'][number];

const validators = {
  problem: Compile(ProblemCreateSchema),
  transition: Compile(ProblemTransitionSchema),
  rating: Compile(ProblemRatingSchema),
  volunteer: Compile(VolunteerCheckinSchema),
  party_report: Compile(PartyReportSchema),
  station_visit: Compile(StationVisitSchema),
};

function recordOp(
  deps: IngestDeps,
  activity: ActivityOps,
  rec: BatchRecord,
): () => Promise<OpResult<unknown>> {
  switch (rec.type) {
    case 'problem':
      return () => createProblemOp(deps, rec.data);
    case 'transition':
      return () => transitionOp(deps, rec.problemId, rec.data);
    case 'rating':
      return () => ratingOp(deps, rec.problemId, rec.data);
    case 'volunteer':
      return () => activity.volunteer(rec.data);
    case 'party_report':
      return () => activity.partyReport(rec.data);
    case 'station_visit':
      return () => activity.stationVisit(rec.data);
  }
}

/** The same key space as the Idempotency-Key header, so a header retry and a batch retry match. */
const idemKey = (rec: BatchRecord, key: string | undefined): IdempotencyScope | undefined =>
  key && (rec.type === 'transition' || rec.type === 'rating')
    ? { route: rec.type, problemId: rec.problemId, key }
    : undefined;

/** Checks one loose batch record against the schema of its type; throws a 400 that says why. */
function checkRecord(raw: Record<string, unknown>): BatchRecord {
  const type = raw.type as BatchRecord['type'];
  const v = validators[type];
  if (!v.Check(raw.data))
    throw new HttpError(
      400,
      'invalid_record',
      describeSchemaErrors(v.Errors(raw.data), 'data').join('; '),
    );
  if (
    (type === 'transition' || type === 'rating') &&
    (typeof raw.problemId !== 'string' || !raw.problemId)
  )
    throw new HttpError(
      400,
      'invalid_record',
      `a "${type}" record needs problemId (the id of the problem)`,
    );
  if (raw.idempotencyKey !== undefined && type !== 'transition' && type !== 'rating')
    throw new HttpError(
      400,
      'invalid_record',
      `idempotencyKey applies to transition and rating records; a "${type}" record is made idempotent by its data.id`,
    );
  return raw as unknown as BatchRecord;
}

/** A record failed on the fast path: roll the batch back and run it with a savepoint each. */
class RecordFailed extends Error {}

/** One record of the batch; its effects are queued on `after`, its 4xx becomes its result. */
async function batchRecord(
  deps: IngestDeps,
  activity: ActivityOps,
  raw: Record<string, unknown>,
  index: number,
  after: Array<() => void>,
  savepoint: boolean,
): Promise<RecordResult> {
  try {
    const rec = checkRecord(raw);
    const key = idemKey(rec, raw.idempotencyKey as string | undefined);
    const hash = key ? bodyHash(rec.data) : '';
    if (key && (await remembered(deps.store, key, hash)))
      return { index, ok: true, duplicate: true };
    const op = recordOp(deps, activity, rec);
    const write = async () => {
      const res = await op();
      if (key)
        await deps.store.putIdempotent(
          key,
          hash,
          { status: res.status, body: res.body },
          deps.now(),
        );
      return res;
    };
    // A savepoint: a failure rolls back this record (and its key) only.
    const r = savepoint ? await deps.store.transaction(write) : await write();
    if (r.after) after.push(r.after);
    return r.duplicate ? { index, ok: true, duplicate: true } : { index, ok: true };
  } catch (err) {
    if (!savepoint) throw new RecordFailed();
    if (!(err instanceof HttpError)) throw err;
    return { index, ok: false, error: err.code, message: err.message };
  }
}

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
    results.push(await batchRecord(deps, activity, records[i]!, first + i, after, savepoint));
  return { after, results };
}

/**
 * Records of a batch as one op: run inside a savepoint (of the group), its effects after the
 * commit. `first` is the index of records[0] in the whole batch (results carry whole-batch indexes).
 */
export async function batchOp(
  deps: IngestDeps,
  activity: ActivityOps,
  records: Array<Record<string, unknown>>,
  first = 0,
): Promise<OpResult<BatchResult>> {
  let run: Awaited<ReturnType<typeof runRecords>>;
  try {
    run = await deps.store.transaction(() => runRecords(deps, activity, records, first, false));
  } catch (err) {
    if (!(err instanceof RecordFailed)) throw err;
    run = await runRecords(deps, activity, records, first, true);
  }
  const { after, results } = run;
  const accepted = results.filter((r) => r.ok).length;
  return {
    status: 200,
    body: { accepted, rejected: results.length - accepted, results },
    after: () => {
      for (const fn of after) fn();
    },
  };
}
