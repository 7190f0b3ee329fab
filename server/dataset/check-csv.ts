// figures.csv and history.csv, row by row (a schema could not name the line or look up a grid):
// known grids, counts, enum values from protocol.ts, WGS84 positions inside the grid, ISO times
// with an offset, and a workflow whose steps come in order and only after the one before.
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import { DAY_MS, localDayStart } from '../../shared/local-time';
import { positionFault, type BBox } from './check-coords';
import { near } from './check-geometry';
import type { RegionIndex } from './check-regions';
import type { Dataset, DatasetProblem, GridFigures, HistoricalProblem } from './types';

/** Line of row i when the loader did not say: header on line 1, no blank lines. */
const defaultLine = (i: number) => i + 2;

function gridFault(gridId: string, regions: RegionIndex): string | null {
  const r = regions.byId.get(gridId);
  if (!r) return `gridId ${gridId === '' ? '(empty)' : gridId} is not a region in regions.geojson`;
  if (r.info.level !== 'grid') return `gridId ${gridId} is a ${r.info.level}, not a grid`;
  return null;
}

const COUNTS = ['households', 'population', 'gridMembers', 'volunteers', 'partyMembers'] as const;

export function checkFigures(
  ds: Dataset,
  regions: RegionIndex,
  lines?: number[],
): DatasetProblem[] {
  const file = 'figures.csv';
  const problems: DatasetProblem[] = [];
  const rowOf = new Map<string, number>();
  ds.figures.forEach((f: GridFigures, i) => {
    const line = lines?.[i] ?? defaultLine(i);
    const report = (message: string) => problems.push({ file, line, message });
    const fault = gridFault(f.gridId, regions);
    if (fault) report(`figures for an unknown grid: ${fault}`);
    const first = rowOf.get(f.gridId);
    if (first !== undefined) report(`second row for grid ${f.gridId} (first on line ${first})`);
    else rowOf.set(f.gridId, line);
    for (const c of COUNTS)
      if (!Number.isInteger(f[c]) || f[c] < 0)
        report(`${c} is ${Number.isNaN(f[c]) ? 'not a number' : f[c]}, must be a whole number ≥ 0`);
  });
  for (const r of regions.byId.values())
    if (r.info.level === 'grid' && !rowOf.has(r.info.id))
      problems.push({ file, message: `no row for grid ${r.info.id} (regions.geojson#${r.index})` });
  return problems;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Days in a month as Date.UTC counts them (it reads years 0–99 as 1900–1999). */
function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year < 100 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Milliseconds, or NaN when not an ISO 8601 date-time with offset naming a real day and time. */
export function isoTime(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const mo = +m[2]!;
  const d = +m[3]!;
  // Date.parse accepts 2026-02-30 (as 03-02): the day must exist in its month.
  if (
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysIn(+m[1]!, mo) ||
    +m[4]! > 23 ||
    +m[5]! > 59 ||
    +(m[6] ?? 0) > 59
  )
    return NaN;
  return Date.parse(s);
}

const STEPS = [
  'reportedAt',
  'calledAt',
  'respondedAt',
  'handledAt',
  'closedAt',
  'ratedAt',
] as const;

function enumFault(name: string, value: string | null, allowed: readonly string[]): string | null {
  if (value === null || allowed.includes(value)) return null;
  return `unknown ${name} ${JSON.stringify(value)} (one of ${allowed.join(', ')})`;
}

function rowFaults(
  h: HistoricalProblem,
  end: number,
  bbox: BBox | undefined,
  regions: RegionIndex,
): string[] {
  const faults: string[] = [];
  if (h.id === '') faults.push('id is empty');
  for (const fault of [
    enumFault('category', h.category ?? '', PROBLEM_CATEGORIES),
    enumFault('source', h.source ?? '', PROBLEM_SOURCES),
    enumFault('tier', h.tier, RESPONSE_TIERS),
    enumFault('rating', h.rating, RATINGS),
  ])
    if (fault) faults.push(fault);
  const grid = gridFault(h.gridId, regions);
  const pos = positionFault(h.position, bbox);
  if (grid) faults.push(`row in an unknown grid: ${grid}`);
  if (pos) faults.push(`lon,lat: ${pos}`);
  const r = regions.byId.get(h.gridId);
  if (!grid && !pos && r && regions.sound.has(r.index) && !near(h.position, r.f))
    faults.push(`position [${h.position.join(', ')}] is not inside grid ${h.gridId}`);

  const due = isoTime(h.dueAt);
  if (Number.isNaN(due))
    faults.push(`dueAt ${JSON.stringify(h.dueAt)} is not an ISO date-time with offset`);
  let previous: { step: string; at: number } | null = null;
  let missing: string | null = null;
  for (const step of STEPS) {
    const value = h[step];
    if (value === null) {
      missing ??= step;
      continue;
    }
    const at = isoTime(value);
    if (Number.isNaN(at)) {
      faults.push(
        `${step} ${JSON.stringify(value)} is not an ISO date-time with offset (e.g. 2026-08-22T09:30:00+08:00)`,
      );
      continue;
    }
    if (missing) faults.push(`${step} is set but ${missing}, an earlier step, is empty`);
    if (previous && at < previous.at) faults.push(`${step} ${value} is before ${previous.step}`);
    if (at >= end) faults.push(`${step} ${value} is after historyEndsOn`);
    previous = { step, at };
  }
  if (!Number.isNaN(due) && previous && due <= isoTime(h.reportedAt))
    faults.push(`dueAt ${h.dueAt} is not after reportedAt`);
  if ((h.tier === null) !== (h.respondedAt === null))
    faults.push('tier and respondedAt must be both set or both empty');
  if ((h.rating === null) !== (h.ratedAt === null))
    faults.push('rating and ratedAt must be both set or both empty');
  return faults;
}

export function checkHistory(
  ds: Dataset,
  regions: RegionIndex,
  bbox: BBox | undefined,
  lines?: number[],
): DatasetProblem[] {
  const file = 'history.csv';
  const problems: DatasetProblem[] = [];
  // History covers local days up to and including historyEndsOn (Asia/Shanghai, +08:00).
  const endsOn = ds.manifest?.historyEndsOn;
  const end = typeof endsOn === 'string' ? localDayStart(endsOn) + DAY_MS : Infinity;
  const ids = new Map<string, number>();
  ds.history.forEach((h, i) => {
    const line = lines?.[i] ?? defaultLine(i);
    const first = ids.get(h.id);
    if (first !== undefined)
      problems.push({ file, line, message: `duplicate id ${h.id} (first on line ${first})` });
    else ids.set(h.id, line);
    for (const message of rowFaults(h, Number.isNaN(end) ? Infinity : end, bbox, regions))
      problems.push({ file, line, message });
  });
  return problems;
}
