// One /api/batch record on its own: its schema check, its idempotency key, and its run through
// the single ops (problem-ops.ts, activity-ops.ts), as the per-record path and the planned
// path's fallback (batch-planned.ts) run it.
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

export type ActivityOps = ReturnType<typeof activityOps>;
export type RecordResult = BatchResult['results'][number];

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
export const idemKey = (rec: BatchRecord, key: string | undefined): IdempotencyScope | undefined =>
  key && (rec.type === 'transition' || rec.type === 'rating')
    ? { route: rec.type, problemId: rec.problemId, key }
    : undefined;

/** Checks one loose batch record against the schema of its type; throws a 400 that says why. */
export function checkRecord(raw: Record<string, unknown>): BatchRecord {
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

/** What a refused record answers in the batch's results. */
export const refused = (index: number, err: HttpError): RecordResult => ({
  index,
  ok: false,
  error: err.code,
  message: err.message,
});

/** A record failed without a savepoint: roll the part back and run it with a savepoint each. */
export class RecordFailed extends Error {}

/**
 * One record through the single ops; its effects are queued on `after`, its 4xx becomes its
 * result when it runs in a `savepoint` of its own (without one, any failure is RecordFailed).
 */
export async function runRecord(
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
    return refused(index, err);
  }
}
