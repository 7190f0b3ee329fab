// Rows of the child-region panels (ranking, backlog): the children of the scope joined with their
// briefs. Pure; the order is total (ties broken by id) so rows never swap places at random.
import type { MapMetric, RegionBrief, RegionInfo, ScopeView } from '@shared/protocol';

/** The id of the 未落网格 row: no region has it, so a click on it drills nowhere. */
export const NOT_IN_GRID_ROW = '';

export interface RankRow {
  id: string;
  name: string;
  /** The ranked figure: a rate 0..1 or a count; null when the region has nothing to rate. */
  value: number | null;
}

const metricOf = (b: RegionBrief | undefined, metric: MapMetric) =>
  !b ? null : metric === 'open' ? b.open : b[metric];

/**
 * The children ranked by the metric. At a community's scope its problems in none of its grids
 * (view.unplaced, when there are any) come last as one unranked row named `notInGrid`.
 */
export function rankRows(
  view: ScopeView,
  children: RegionInfo[],
  metric: MapMetric,
  limit: number,
  notInGrid = '',
): RankRow[] {
  const rows = children.map((c) => ({
    id: c.id,
    name: c.name,
    value: metricOf(view.regions[c.id], metric),
  }));
  rows.sort((a, b) => {
    if (a.value == null || b.value == null) return a.value == null ? (b.value == null ? 0 : 1) : -1;
    return b.value - a.value || a.id.localeCompare(b.id);
  });
  const u = view.unplaced;
  if (!u || (u.reported === 0 && u.open === 0)) return rows.slice(0, limit);
  const last = { id: NOT_IN_GRID_ROW, name: notInGrid, value: metricOf(u, metric) };
  return [...rows.slice(0, limit - 1), last];
}

export interface BacklogRow {
  id: string;
  name: string;
  open: number;
  overdue: number;
}

/**
 * Where problems pile up: most overdue first, then most open (what a leader asks about first).
 * A community's open problems in none of its grids come last as one row named `notInGrid`: it
 * is not a grid to rank, and with it the rows add up to the community's own figure.
 */
export function backlogRows(
  view: ScopeView,
  children: RegionInfo[],
  limit: number,
  notInGrid = '',
): BacklogRow[] {
  const rows = children.map((c) => {
    const b = view.regions[c.id];
    return { id: c.id, name: c.name, open: b?.open ?? 0, overdue: b?.overdue ?? 0 };
  });
  rows.sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.id.localeCompare(b.id));
  const u = view.unplaced;
  if (!u || u.open === 0) return rows.slice(0, limit);
  const last = { id: NOT_IN_GRID_ROW, name: notInGrid, open: u.open, overdue: u.overdue };
  return [...rows.slice(0, limit - 1), last];
}
