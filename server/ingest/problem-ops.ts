// The problem workflow as store operations: read the problem, apply its rule (problem-rules.ts),
// write the step. Each op runs inside a transaction and returns its answer plus the effects
// (aggregates, live feed) to apply once the transaction has committed: the screens never see a
// write that is not on disk.
import type {
  ProblemCreate,
  ProblemPublic,
  ProblemRating,
  ProblemTransition,
} from '../../shared/protocol';
import { HttpError } from '../http-error';
import { localIso } from '../metrics/time';
import type { ProblemEventRecord, ProblemRecord } from '../store/records';
import type { IngestDeps, OpResult } from './ingest-deps';
import { createdProblem, rated, transitioned } from './problem-rules';

export function toPublic(p: ProblemRecord, deps: IngestDeps): ProblemPublic {
  const { gridId, communityId, streetId } = deps.index.placeOf(p.placeId);
  const iso = (t: number | null) => (t === null ? null : localIso(t));
  return {
    id: p.id,
    category: p.category,
    source: p.source,
    stage: p.stage,
    tier: p.tier,
    gridId,
    communityId,
    streetId,
    position: p.position,
    reportedAt: localIso(p.reportedAt),
    dueAt: localIso(p.dueAt),
    closedAt: iso(p.closedAt),
    rating: p.rating,
  };
}

/** After the commit: the step into the aggregates, the ticker and other nodes. */
export function problemEffects(
  deps: IngestDeps,
  prev: ProblemRecord | undefined,
  next: ProblemRecord,
  ev: ProblemEventRecord,
) {
  return () => deps.changes.problem(prev, next, deps.toLiveEvent(ev, next));
}

export async function createProblemOp(
  deps: IngestDeps,
  body: ProblemCreate,
): Promise<OpResult<ProblemPublic>> {
  const existing = await deps.store.getProblem(body.id);
  if (existing) return { status: 200, body: toPublic(existing, deps), duplicate: true };
  const { next: p, ev } = createdProblem(deps, body);
  await deps.store.insertProblem(p, ev);
  return { status: 201, body: toPublic(p, deps), after: problemEffects(deps, undefined, p, ev) };
}

async function mustGet(deps: IngestDeps, id: string): Promise<ProblemRecord> {
  const p = await deps.store.getProblem(id);
  if (!p)
    throw new HttpError(
      404,
      'unknown_problem',
      `no problem with id "${id}"; create it first with POST /api/problems`,
    );
  return p;
}

export async function transitionOp(
  deps: IngestDeps,
  id: string,
  body: ProblemTransition,
): Promise<OpResult<ProblemPublic>> {
  const prev = await mustGet(deps, id);
  const { next, ev } = transitioned(deps, prev, body);
  await deps.store.updateProblem(next, ev);
  return { status: 200, body: toPublic(next, deps), after: problemEffects(deps, prev, next, ev) };
}

export async function ratingOp(
  deps: IngestDeps,
  id: string,
  body: ProblemRating,
): Promise<OpResult<ProblemPublic>> {
  const prev = await mustGet(deps, id);
  const step = rated(deps, prev, body);
  if (!step) return { status: 200, body: toPublic(prev, deps), duplicate: true };
  const { next, ev } = step;
  await deps.store.updateProblem(next, ev);
  return { status: 200, body: toPublic(next, deps), after: problemEffects(deps, prev, next, ev) };
}
