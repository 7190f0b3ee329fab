// When a problem is due (按时办结): the time limit depends on the category. Safety hazards are
// urgent; renovation of old compounds is slow work. Hours, from the moment it is reported.
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
