// The one write path: HTTP routes and the simulator both come through here. Every op is queued
// for the group committer (group-commit.ts): ops that arrive together share one transaction, each
// in its own savepoint, and a caller's promise resolves once that transaction is durable (WAL +
// synchronous=FULL), after its effects updated the aggregates and the live feed. A batch goes in
// parts of BATCH_PART records, each part one op (see batch.ts: a bad record is reported and
// skipped without taking good ones with it), one part after the other: a 5,000-record batch is
// then a score of short transactions with the event loop free between them, not one that holds it
// for a second. Its answer comes after its last part committed.
import { activityOps } from './activity-ops';
import { batchOp } from './batch';
import {
  createGroupCommitter,
  GROUP_COMMIT_DEFAULTS,
  type GroupCommitOptions,
} from './group-commit';
import type { IngestDeps, OpResult } from './ingest-deps';
import { createProblemOp, ratingOp, transitionOp } from './problem-ops';
import type { IdempotencyScope } from '../store/records';
import type { BatchResult } from '../../shared/protocol';
import { bodyHash, remembered } from './idempotency';

/**
 * Answers a retried request (same Idempotency-Key, same body) with the first answer, storing
 * nothing; the same key with another body is refused (422), never answered with another's result.
 * Runs inside the op's savepoint, so a key is remembered exactly when the write is stored, and a
 * second request with the same key in the same group sees the first one's answer.
 */
function idempotent<T>(
  deps: IngestDeps,
  scope: IdempotencyScope | undefined,
  body: unknown,
  op: () => OpResult<T>,
): () => OpResult<T> {
  if (!scope) return op;
  const hash = bodyHash(body);
  return () => {
    const seen = remembered(deps.store, scope, hash);
    if (seen) return { status: seen.status, body: seen.body as T, duplicate: true };
    const r = op();
    deps.store.putIdempotent(scope, hash, { status: r.status, body: r.body }, deps.now());
    return r;
  };
}

/** Records per part of a batch: a part's transaction holds the main thread some 10-20 ms. */
export const BATCH_PART = 256;

export type IngestService = ReturnType<typeof createIngestService>;

export function createIngestService(
  deps: IngestDeps,
  groupCommit: GroupCommitOptions = GROUP_COMMIT_DEFAULTS,
) {
  const activity = activityOps(deps);
  const group = createGroupCommitter(deps.store, groupCommit);
  const run = <T>(op: () => OpResult<T>) => group.submit(op);
  return {
    createProblem: (body: Parameters<typeof createProblemOp>[1]) =>
      run(() => createProblemOp(deps, body)),
    transition: (id: string, body: Parameters<typeof transitionOp>[2], key?: string) =>
      run(
        idempotent(deps, key ? { route: 'transition', problemId: id, key } : undefined, body, () =>
          transitionOp(deps, id, body),
        ),
      ),
    rate: (id: string, body: Parameters<typeof ratingOp>[2], key?: string) =>
      run(
        idempotent(deps, key ? { route: 'rating', problemId: id, key } : undefined, body, () =>
          ratingOp(deps, id, body),
        ),
      ),
    volunteer: (body: Parameters<typeof activity.volunteer>[0]) =>
      run(() => activity.volunteer(body)),
    partyReport: (body: Parameters<typeof activity.partyReport>[0]) =>
      run(() => activity.partyReport(body)),
    stationVisit: (body: Parameters<typeof activity.stationVisit>[0]) =>
      run(() => activity.stationVisit(body)),
    async batch(records: Array<Record<string, unknown>>): Promise<BatchResult> {
      const out: BatchResult = { accepted: 0, rejected: 0, results: [] };
      for (let from = 0; from < records.length; from += BATCH_PART) {
        const part = records.slice(from, from + BATCH_PART);
        const r = (await group.submit(() => batchOp(deps, activity, part, from), part.length)).body;
        out.accepted += r.accepted;
        out.rejected += r.rejected;
        out.results.push(...r.results);
      }
      return out;
    },
    /** Commits what is queued now; the app calls it before the store closes. */
    flush: group.flush,
    /** How many groups and ops were committed (tests, health figures). */
    groupStats: group.stats,
  };
}
