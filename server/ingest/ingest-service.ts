// The one write path: HTTP routes and the simulator both come through here. Every op runs in a
// transaction (durable when it returns, WAL + synchronous=FULL), then its effects update the
// aggregates and the live feed. A batch runs each record in its own savepoint inside one
// transaction, so a bad record is reported and skipped without taking good ones with it.
import { activityOps } from './activity-ops';
import { runBatch } from './batch';
import type { IngestDeps, OpResult } from './ingest-deps';
import { createProblemOp, ratingOp, transitionOp } from './problem-ops';
import type { IdempotencyScope } from '../store/records';
import { bodyHash, remembered } from './idempotency';

/** Runs one op durably, then applies its effects. */
function run<T>(deps: IngestDeps, op: () => OpResult<T>): OpResult<T> {
  const res = deps.store.transaction(op);
  res.after?.();
  return res;
}

/**
 * Answers a retried request (same Idempotency-Key, same body) with the first answer, storing
 * nothing; the same key with another body is refused (422), never answered with another's result.
 */
function idempotent<T>(
  deps: IngestDeps,
  scope: IdempotencyScope | undefined,
  body: unknown,
  op: () => OpResult<T>,
): OpResult<T> {
  if (!scope) return run(deps, op);
  const hash = bodyHash(body);
  const seen = remembered(deps.store, scope, hash);
  if (seen) return { status: seen.status, body: seen.body as T, duplicate: true };
  const res = deps.store.transaction(() => {
    const r = op();
    deps.store.putIdempotent(scope, hash, { status: r.status, body: r.body }, deps.now());
    return r;
  });
  res.after?.();
  return res;
}

export type IngestService = ReturnType<typeof createIngestService>;

export function createIngestService(deps: IngestDeps) {
  const activity = activityOps(deps);
  return {
    createProblem: (body: Parameters<typeof createProblemOp>[1]) =>
      run(deps, () => createProblemOp(deps, body)),
    transition: (id: string, body: Parameters<typeof transitionOp>[2], key?: string) =>
      idempotent(deps, key ? { route: 'transition', problemId: id, key } : undefined, body, () =>
        transitionOp(deps, id, body),
      ),
    rate: (id: string, body: Parameters<typeof ratingOp>[2], key?: string) =>
      idempotent(deps, key ? { route: 'rating', problemId: id, key } : undefined, body, () =>
        ratingOp(deps, id, body),
      ),
    volunteer: (body: Parameters<typeof activity.volunteer>[0]) =>
      run(deps, () => activity.volunteer(body)),
    partyReport: (body: Parameters<typeof activity.partyReport>[0]) =>
      run(deps, () => activity.partyReport(body)),
    stationVisit: (body: Parameters<typeof activity.stationVisit>[0]) =>
      run(deps, () => activity.stationVisit(body)),
    batch: (records: Array<Record<string, unknown>>) => runBatch(deps, activity, records),
  };
}
