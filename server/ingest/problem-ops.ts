// The problem workflow as store operations. Each op runs inside a transaction and returns its
// answer plus the effects (aggregates, live feed) to apply once the transaction has committed:
// the screens never see a write that is not on disk.
import type {
  LiveEventKind,
  ProblemCreate,
  ProblemPublic,
  ProblemRating,
  ProblemTransition,
} from '../../shared/protocol';
import { HttpError } from '../http-error';
import { dueAt } from '../metrics/due';
import { localIso } from '../metrics/time';
import { ratingFromStars } from '../metrics/rates';
import { checkTransition } from '../metrics/workflow';
import type { ProblemEventRecord, ProblemRecord } from '../store/records';
import type { IngestDeps, OpResult } from './ingest-deps';
import { parseTime } from './ingest-deps';
import { placeOfCreate } from './problem-place';

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

function event(p: ProblemRecord, kind: LiveEventKind, at: number, suffix = ''): ProblemEventRecord {
  return {
    id: `${p.id}:${kind}${suffix}`,
    problemId: p.id,
    kind,
    stage: p.stage,
    tier: p.tier,
    rating: p.rating,
    at,
  };
}

function effects(
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
  const placeId = placeOfCreate(deps.index, body);
  const place = deps.index.regions.get(placeId)!;
  const reportedAt = parseTime(body.reportedAt, deps.now(), 'reportedAt');
  const p: ProblemRecord = {
    id: body.id,
    category: body.category,
    source: body.source,
    placeId,
    position: body.position ?? place.center,
    stage: 'reported',
    tier: null,
    reportedAt,
    calledAt: null,
    respondedAt: null,
    handledAt: null,
    closedAt: null,
    dueAt: dueAt(body.category, reportedAt),
    rating: null,
    ratedAt: null,
    description: body.description ?? null,
    reporterName: body.reporter?.name ?? null,
    reporterPhone: body.reporter?.phone ?? null,
  };
  const ev = event(p, 'reported', reportedAt);
  await deps.store.insertProblem(p, ev);
  return { status: 201, body: toPublic(p, deps), after: effects(deps, undefined, p, ev) };
}

/** What the ticker calls a transition: a response at street or district level is the whistle. */
function liveKind(
  stage: ProblemTransition['stage'],
  tier: ProblemRecord['tier'],
  escalation: boolean,
): LiveEventKind {
  if (stage !== 'responding') return stage;
  return escalation || tier === 'street' || tier === 'district' ? 'escalated' : 'called';
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

/** The stage a problem last reached with a stored time, and that time: a transition can't predate it. */
function lastStageTime(p: ProblemRecord): [ProblemRecord['stage'], number] {
  const stages: Array<[ProblemRecord['stage'], number | null]> = [
    ['reported', p.reportedAt],
    ['called', p.calledAt],
    ['responding', p.respondedAt],
    ['handled', p.handledAt],
    ['closed', p.closedAt],
  ];
  let last: [ProblemRecord['stage'], number] = ['reported', p.reportedAt];
  for (const [stage, at] of stages) if (at !== null && at >= last[1]) last = [stage, at];
  return last;
}

export async function transitionOp(
  deps: IngestDeps,
  id: string,
  body: ProblemTransition,
): Promise<OpResult<ProblemPublic>> {
  const prev = await mustGet(deps, id);
  const check = checkTransition(prev.stage, prev.tier, body.stage, body.tier);
  if (!check.ok)
    throw new HttpError(409, 'illegal_transition', check.reason, {
      currentStage: prev.stage,
      currentTier: prev.tier,
    });
  const at = parseTime(body.at, deps.now(), 'at');
  const [lastStage, lastAt] = lastStageTime(prev);
  if (at < lastAt)
    throw new HttpError(
      400,
      lastStage === 'reported' ? 'time_before_report' : 'time_before_previous_stage',
      `at (${localIso(at)}) is before the problem's previous stage "${lastStage}"; the earliest acceptable time is ${localIso(lastAt)}`,
      { earliest: localIso(lastAt), previousStage: lastStage },
    );
  const next: ProblemRecord = { ...prev, stage: body.stage };
  if (body.stage === 'called') next.calledAt = at;
  if (body.stage === 'responding') {
    next.tier = body.tier!;
    if (!check.escalation) next.respondedAt = at;
  }
  if (body.stage === 'handled') next.handledAt = at;
  if (body.stage === 'closed') next.closedAt = at;
  const kind = liveKind(body.stage, next.tier, check.escalation);
  // Event ids are one per stage, plus one per escalation tier (tiers only go up).
  const suffix =
    body.stage === 'responding' ? `:responding${check.escalation ? `:${body.tier}` : ''}` : '';
  const ev = event(next, kind, at, suffix);
  await deps.store.updateProblem(next, ev);
  return { status: 200, body: toPublic(next, deps), after: effects(deps, prev, next, ev) };
}

export async function ratingOp(
  deps: IngestDeps,
  id: string,
  body: ProblemRating,
): Promise<OpResult<ProblemPublic>> {
  const prev = await mustGet(deps, id);
  const rating =
    body.rating ?? (body.stars !== undefined ? ratingFromStars(body.stars) : undefined);
  if (!rating)
    throw new HttpError(
      400,
      'no_rating',
      'give rating (satisfied, basically_satisfied, unsatisfied) or stars (1–5)',
    );
  if (prev.stage !== 'closed')
    throw new HttpError(
      409,
      'not_closed',
      `only a closed problem can be rated; this one is "${prev.stage}"`,
      { currentStage: prev.stage },
    );
  if (prev.rating !== null) {
    if (prev.rating === rating) return { status: 200, body: toPublic(prev, deps), duplicate: true };
    throw new HttpError(409, 'already_rated', `the problem was already rated "${prev.rating}"`, {
      currentStage: prev.stage,
      rating: prev.rating,
    });
  }
  const at = parseTime(body.at, deps.now(), 'at');
  const next: ProblemRecord = { ...prev, rating, ratedAt: Math.max(at, prev.closedAt ?? at) };
  const ev = event(next, 'rated', next.ratedAt!);
  await deps.store.updateProblem(next, ev);
  return { status: 200, body: toPublic(next, deps), after: effects(deps, prev, next, ev) };
}
