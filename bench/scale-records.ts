// A past problem as the batch records a city's system would have sent over its life: the report,
// each workflow step at its own time, the rating. The whole life goes in one batch, in order, so
// concurrent batches never race a transition against its problem.
import type { HistoricalProblem } from '../server/dataset/types';
import type { BatchRecord, GeoBundle, ResponseTier } from '../shared/protocol';
import { RESPONSE_TIERS } from '../shared/protocol';
import { ESCALATION_SHARE } from '../server/simulator/profile';
import type { Shape } from '../scripts/data/tessellate';

/**
 * The generated history keeps only the tier that finally answered. An escalated problem (the
 * profile's share of those above grid level) is sent as a response one tier lower, then the
 * whistle half-way to handling, so the escalation path is exercised as often as it happens.
 */
export function lifeRecords(p: HistoricalProblem, r: number, escalationAt: number): BatchRecord[] {
  const id = p.id;
  const out: BatchRecord[] = [
    {
      type: 'problem',
      data: {
        id,
        category: p.category,
        source: p.source,
        gridId: p.gridId,
        position: p.position,
        reportedAt: p.reportedAt,
      },
    },
  ];
  const step = (data: Extract<BatchRecord, { type: 'transition' }>['data']) =>
    out.push({ type: 'transition', problemId: id, data });
  if (p.calledAt) step({ stage: 'called', at: p.calledAt });
  if (p.respondedAt && p.tier) {
    const i = RESPONSE_TIERS.indexOf(p.tier);
    const below: ResponseTier | undefined = RESPONSE_TIERS[i - 1];
    if (below && r < ESCALATION_SHARE) {
      step({ stage: 'responding', tier: below, at: p.respondedAt });
      step({ stage: 'responding', tier: p.tier, at: new Date(escalationAt).toISOString() });
    } else step({ stage: 'responding', tier: p.tier, at: p.respondedAt });
  }
  if (p.handledAt) step({ stage: 'handled', at: p.handledAt });
  if (p.closedAt) step({ stage: 'closed', at: p.closedAt });
  if (p.rating && p.ratedAt)
    out.push({ type: 'rating', problemId: id, data: { rating: p.rating, at: p.ratedAt } });
  return out;
}

/** When an escalation happens: half-way from the response to handling (or the response itself). */
export function escalationTime(p: HistoricalProblem): number {
  const responded = Date.parse(p.respondedAt ?? p.reportedAt);
  return p.handledAt ? (responded + Date.parse(p.handledAt)) / 2 : responded;
}

/**
 * The grids of GET /api/geo as the history generator wants them. The public API does not give a
 * grid's households, so every grid weighs the same (the figures measured here do not depend on
 * where in the district a problem falls).
 */
export function gridsOf(geo: GeoBundle): Array<{ id: string; households: number; shape: Shape }> {
  return geo.regions.features
    .filter((f) => f.properties.level === 'grid')
    .map((f) => ({
      id: f.properties.id,
      households: 1,
      // The protocol's GeoJSON typing is a minimal copy of @types/geojson's (so the client does
      // not need the package); a grid feature is a Polygon or MultiPolygon feature in both.
      shape: f as unknown as Shape,
    }));
}
