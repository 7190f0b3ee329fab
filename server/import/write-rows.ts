// Writes normalised rows through the same problem ops as POST /api/batch (create, then each
// transition, then the rating), one savepoint per row so a row lands whole or not at all. The
// aggregates follow after the commit; the live ticker is left alone: imported history is not news.
// This file is the seam to the store: when the async store of #14 lands, only it changes.
import type { ProblemTransition } from '../../shared/protocol';
import { HttpError } from '../http-error';
import type { IngestDeps } from '../ingest/ingest-deps';
import { LiveFeed } from '../ingest/live-feed';
import { createProblemOp, ratingOp, transitionOp } from '../ingest/problem-ops';
import type { NormalRow } from './normalize-row';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The workflow steps a row implies. A stage is reached when it or a later one has a time; a
 * missing time takes the next known one (an export with only 办结时间 was called, responded and
 * handled by then at the latest). A response without a stated tier is taken at the grid.
 */
export function stepsOf(r: NormalRow): ProblemTransition[] {
  const closed = r.closedAt;
  const responded = r.respondedAt ?? closed;
  const called = r.calledAt ?? responded;
  const steps: ProblemTransition[] = [];
  if (called !== null) steps.push({ stage: 'called', at: iso(called) });
  if (responded !== null)
    steps.push({ stage: 'responding', tier: r.tier ?? 'grid', at: iso(responded) });
  if (closed !== null) {
    steps.push({ stage: 'handled', at: iso(closed) });
    steps.push({ stage: 'closed', at: iso(closed) });
  }
  return steps;
}

export type RowWrite = { ok: true; after: () => void } | { ok: false; code: string };

/** A deps copy whose live feed goes nowhere. */
export function importDeps(deps: IngestDeps): IngestDeps {
  return { ...deps, feed: new LiveFeed() };
}

class RowFailed extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * One row in its own savepoint; call inside the chunk's transaction. The aggregates take the
 * row's final state once: the ops' own effects would add and take back every step in between
 * (the same sums, since a problem's contribution is linear, at five times the cost).
 */
export function writeRow(deps: IngestDeps, r: NormalRow): RowWrite {
  try {
    const final = deps.store.transaction(() => {
      const run = (res: { duplicate?: boolean }) => {
        if (res.duplicate) throw new RowFailed('duplicate');
      };
      run(
        createProblemOp(deps, {
          id: r.id,
          category: r.category,
          source: r.source,
          gridId: r.gridId,
          ...(r.position ? { position: r.position } : {}),
          reportedAt: iso(r.reportedAt),
          ...(r.description ? { description: r.description } : {}),
        }),
      );
      for (const step of stepsOf(r)) run(transitionOp(deps, r.id, step));
      if (r.rating) run(ratingOp(deps, r.id, { rating: r.rating, at: iso(r.closedAt!) }));
      return deps.store.getProblem(r.id)!;
    });
    return { ok: true, after: () => deps.agg.applyProblem(undefined, final) };
  } catch (err) {
    if (err instanceof RowFailed) return { ok: false, code: err.code };
    if (err instanceof HttpError) return { ok: false, code: err.code };
    throw err;
  }
}
