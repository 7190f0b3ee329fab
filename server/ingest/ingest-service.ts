// The one write path: HTTP routes and the simulator both come through here. Every op is queued
// for the group committer (group-commit.ts): ops that arrive together share one transaction, each
// in its own savepoint, and a caller's promise resolves once that transaction is durable (WAL, its
// log fsync'd before anyone hears of the commit: sqlite-log-sync.ts), after its effects updated
// the aggregates and the live feed. A batch goes in parts of BATCH_PART records (batch-parts.ts),
// each part one op (see batch.ts: a bad record is reported and skipped without taking good ones
// with it; bulk-off-thread.ts: on a SQLite file, larger parts off the main thread), one part
// after the other: a 5,000-record batch is then a score of short steps with the event loop free
// between them (group-commit.ts's turnMs), not one that holds it for a second. Its answer comes
// after its last part committed. A part is planned in plain JS and written in bulk where it can be
// (batch-planned.ts).
import { activityOps } from './activity-ops';
import { batchOp } from './batch';
import { BATCH_PART, BULK_PART, partEnd } from './batch-parts';
import { planWhole, wholeOutcome } from './batch-planned';
import { loopTurns } from './loop-turns';
import { bulkOffThread, type BulkOffThreadOptions } from './bulk-off-thread';
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
  scope: IdempotencyScope | undefined,
  body: unknown,
  op: (deps: IngestDeps) => Promise<OpResult<T>>,
): (deps: IngestDeps) => Promise<OpResult<T>> {
  if (!scope) return op;
  const hash = bodyHash(body);
  return async (deps) => {
    const seen = await remembered(deps.store, scope, hash);
    if (seen) return { status: seen.status, body: seen.body as T, duplicate: true };
    const r = await op(deps);
    await deps.store.putIdempotent(scope, hash, { status: r.status, body: r.body }, deps.now());
    return r;
  };
}

export type IngestService = ReturnType<typeof createIngestService>;

type Records = Array<Record<string, unknown>>;

/** `records` cut into parts of `size` (batch-parts.ts), each written by `write`, answers joined. */
async function inParts(
  records: Records,
  first: number,
  size: number,
  write: (part: Records, first: number) => Promise<BatchResult>,
): Promise<BatchResult> {
  const out: BatchResult = { accepted: 0, rejected: 0, results: [] };
  for (let from = 0; from < records.length;) {
    const to = partEnd(records, from, size);
    const r = await write(records.slice(from, to), first + from);
    out.accepted += r.accepted;
    out.rejected += r.rejected;
    out.results.push(...r.results);
    from = to;
  }
  return out;
}

export interface IngestOptions {
  groupCommit?: GroupCommitOptions;
  /**
   * Runs one part of a batch: the planned path, or (a test comparing the two)
   * recordByRecordOp, which must give the same answers, rows and effects.
   */
  partOp?: typeof batchOp;
  bulkWriter?: BulkOffThreadOptions;
  /**
   * Reads the live figures from the store again: the bulk writer was lost holding a part it may
   * have committed, whose effects then never reached them.
   */
  reloadFigures?: () => Promise<void>;
}

export function createIngestService(deps: IngestDeps, opts: IngestOptions = {}) {
  const { groupCommit = GROUP_COMMIT_DEFAULTS, partOp = batchOp } = opts;
  const group = createGroupCommitter(deps.store, groupCommit);
  /** The op runs with the group's transaction as its store. */
  const run = <T>(op: (deps: IngestDeps) => Promise<OpResult<T>>, weight = 1) =>
    group.submit((tx) => op({ ...deps, store: tx }), weight);
  type Activity = ReturnType<typeof activityOps>;
  // Only the planned path's parts (a test may swap in the record-by-record one to compare).
  const bulk =
    deps.store.offThread && partOp === batchOp
      ? bulkOffThread(deps.store.offThread, deps.index, opts.bulkWriter)
      : null;

  let bulkParts = 0;
  /**
   * A part through the bulk writer: its answer, or null when it must go the old way ('lost' when
   * the writer went away holding it).
   */
  async function bulkPart(part: Records, from: number): Promise<BatchResult | 'lost' | null> {
    if (!bulk?.usable()) return null;
    const whole = await planWhole(deps, part, from);
    if (!whole) return null;
    const { rows, refused, dependents } = whole;
    return bulk.write({ rows, refused, dependents }, async (reply) => {
      if (!reply.ok) return reply.lost ? 'lost' : null;
      const { results, after } = wholeOutcome(deps, whole, reply.res, reply.refusedStored);
      // In turns, as the plan: still in commit order, the store's queue held until the last.
      const turns = loopTurns();
      for (const fn of after) {
        if (turns.due()) await turns.turn();
        fn();
      }
      bulkParts += 1;
      const accepted = results.filter((r) => r.ok).length;
      return { accepted, rejected: results.length - accepted, results };
    });
  }

  /** Records through the group commit, BATCH_PART at a time; `first` is records[0]'s index. */
  const grouped = (records: Records, first: number) =>
    inParts(records, first, BATCH_PART, async (part, from) => {
      const op = (d: IngestDeps) => partOp(d, activityOps(d), part, from);
      return (await run(op, part.length)).body;
    });

  return {
    createProblem: (body: Parameters<typeof createProblemOp>[1]) =>
      run((d) => createProblemOp(d, body)),
    transition: (id: string, body: Parameters<typeof transitionOp>[2], key?: string) =>
      run(
        idempotent(key ? { route: 'transition', problemId: id, key } : undefined, body, (d) =>
          transitionOp(d, id, body),
        ),
      ),
    rate: (id: string, body: Parameters<typeof ratingOp>[2], key?: string) =>
      run(
        idempotent(key ? { route: 'rating', problemId: id, key } : undefined, body, (d) =>
          ratingOp(d, id, body),
        ),
      ),
    volunteer: (body: Parameters<Activity['volunteer']>[0]) =>
      run((d) => activityOps(d).volunteer(body)),
    partyReport: (body: Parameters<Activity['partyReport']>[0]) =>
      run((d) => activityOps(d).partyReport(body)),
    stationVisit: (body: Parameters<Activity['stationVisit']>[0]) =>
      run((d) => activityOps(d).stationVisit(body)),
    // The bulk writer's parts are larger: their inserts and COMMIT leave the main thread, which
    // plans them and applies their effects in turns of the loop (bench:batch: 256 → 1,024
    // records a part, 46,672 → 56,027-59,298 records/s; 1,024 → 2,560, 33,069 → 38,841 at the
    // median of five alternating runs). One it does not take goes in BATCH_PART pieces.
    batch: (records: Records): Promise<BatchResult> =>
      inParts(records, 0, bulk?.usable() ? BULK_PART : BATCH_PART, async (part, from) => {
        const r = await bulkPart(part, from);
        if (r !== null && r !== 'lost') return r;
        const out = await grouped(part, from);
        // If the lost writer had committed the part, the old way found its records stored and
        // answered them as duplicates, with none of their effects: the figures are read again.
        if (r === 'lost') await opts.reloadFigures?.();
        return out;
      }),
    /** Commits what is queued now; the app calls it before the store closes. */
    flush: group.flush,
    /** Ends the bulk writer; after flush, before the store closes. */
    close: async () => bulk?.close(),
    /** How many groups and ops were committed (tests, health figures). */
    groupStats: group.stats,
    /** How many batch parts the bulk writer committed (tests). */
    bulkParts: () => bulkParts,
  };
}
