// A problem as a row of the problems table (snake_case columns) and back.
import type { ProblemRecord } from './records';
import { lastAt } from '../aggregate/as-of';

export interface ProblemRow {
  id: string;
  category: string;
  source: string;
  grid_id: string;
  lon: number;
  lat: number;
  stage: string;
  tier: string | null;
  reported_at: number;
  called_at: number | null;
  responded_at: number | null;
  handled_at: number | null;
  closed_at: number | null;
  due_at: number;
  rating: string | null;
  rated_at: number | null;
  description: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  /**
   * The latest of the problem's own times: "what changed after moment T" is one indexed range,
   * which is all a briefing frozen at T needs to correct today's roll-ups back to T.
   */
  last_at: number;
}

export function toRecord(r: ProblemRow): ProblemRecord {
  return {
    id: r.id,
    category: r.category as ProblemRecord['category'],
    source: r.source as ProblemRecord['source'],
    placeId: r.grid_id,
    position: [r.lon, r.lat],
    stage: r.stage as ProblemRecord['stage'],
    tier: r.tier as ProblemRecord['tier'],
    reportedAt: r.reported_at,
    calledAt: r.called_at,
    respondedAt: r.responded_at,
    handledAt: r.handled_at,
    closedAt: r.closed_at,
    dueAt: r.due_at,
    rating: r.rating as ProblemRecord['rating'],
    ratedAt: r.rated_at,
    description: r.description,
    reporterName: r.reporter_name,
    reporterPhone: r.reporter_phone,
  };
}

export function toRow(p: ProblemRecord): ProblemRow {
  return {
    id: p.id,
    category: p.category,
    source: p.source,
    grid_id: p.placeId,
    lon: p.position[0],
    lat: p.position[1],
    stage: p.stage,
    tier: p.tier,
    reported_at: p.reportedAt,
    called_at: p.calledAt,
    responded_at: p.respondedAt,
    handled_at: p.handledAt,
    closed_at: p.closedAt,
    due_at: p.dueAt,
    rating: p.rating,
    rated_at: p.ratedAt,
    description: p.description,
    reporter_name: p.reporterName,
    reporter_phone: p.reporterPhone,
    last_at: lastAt(p),
  };
}

/**
 * toRow's values in COLS order, for a statement with positional parameters: binding twenty named
 * ones from an object costs a lookup each, on every row of a bulk insert.
 */
export function rowValues(p: ProblemRecord): unknown[] {
  return [
    p.id,
    p.category,
    p.source,
    p.placeId,
    p.position[0],
    p.position[1],
    p.stage,
    p.tier,
    p.reportedAt,
    p.calledAt,
    p.respondedAt,
    p.handledAt,
    p.closedAt,
    p.dueAt,
    p.rating,
    p.ratedAt,
    p.description,
    p.reporterName,
    p.reporterPhone,
    lastAt(p),
  ];
}

export const COLS: Array<keyof ProblemRow> = [
  'id',
  'category',
  'source',
  'grid_id',
  'lon',
  'lat',
  'stage',
  'tier',
  'reported_at',
  'called_at',
  'responded_at',
  'handled_at',
  'closed_at',
  'due_at',
  'rating',
  'rated_at',
  'description',
  'reporter_name',
  'reporter_phone',
  'last_at',
];
