// When a problem is due (按时办结): the time limit depends on the category. Safety hazards are
// urgent; renovation of old compounds is slow work. Hours, from the moment it is reported. The ONE
// deadline rule: the ingest service stamps live problems with it, the simulator's stragglers close
// past it and the demo history (scripts/data/history.ts) is generated with it.
import type { ProblemCategory } from '../../shared/protocol';

export const DUE_HOURS: Record<ProblemCategory, number> = {
  safety: 24,
  environment: 48,
  parking: 48,
  dispute: 72,
  property: 72,
  elderly_child: 72,
  other: 72,
  renovation: 240,
};

export function dueAt(category: ProblemCategory, reportedAtMs: number): number {
  return reportedAtMs + DUE_HOURS[category] * 3600_000;
}

/** Open and past its due time at `now`. */
export function isOverdue(dueAtMs: number, closedAtMs: number | null, now: number): boolean {
  return closedAtMs === null && now > dueAtMs;
}

/** Closed by its due time (at the due instant itself still counts as on time). */
export function isOnTime(dueAtMs: number, closedAtMs: number | null): boolean {
  return closedAtMs !== null && closedAtMs <= dueAtMs;
}
