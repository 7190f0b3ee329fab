// What one committed write did to the live figures, in a form that crosses a process boundary:
// plain JSON (null, never undefined), and without the free text and personal data a problem
// carries (description, reporter), which no figure or screen needs and Redis must not hold.
import { PROBLEM_STAGES, RESPONSE_TIERS, type LiveEvent } from '../../shared/protocol';
import type { ActivityRecord, ProblemRecord } from '../store/records';

export type Change = (
  | {
      kind: 'problem';
      /** null: the problem is new. */
      prev: ProblemRecord | null;
      /** null: the problem was deleted (an undone import, a purge). */
      next: ProblemRecord | null;
      /** The ticker's event for this step, when it has one. */
      event: LiveEvent | null;
    }
  | { kind: 'activity'; activity: ActivityRecord; sign: 1 | -1 }
) & {
  /**
   * The id of the PostgreSQL transaction that wrote it (pg_current_xact_id as text): a reload
   * that saw this transaction already counts the change (snapshot.ts). null where there is none
   * (SQLite, whose nodes have each their own database).
   */
  xid: string | null;
};

function publicRecord(p: ProblemRecord | null): ProblemRecord | null {
  return p && { ...p, description: null, reporterName: null, reporterPhone: null };
}

/** The change as it goes on the wire. */
export function changeToJson(c: Change): string {
  return JSON.stringify(
    c.kind === 'problem' ? { ...c, prev: publicRecord(c.prev), next: publicRecord(c.next) } : c,
  );
}

/**
 * How far along its workflow a problem is. Stages only go forward, tiers only up and a rating
 * comes once (metrics/workflow.ts), so of two states of one problem the later has the higher
 * rank. Its times can't order them: a step may carry the same time as the one before it.
 */
export function problemRank(p: ProblemRecord): number {
  const tier = p.tier === null ? 0 : RESPONSE_TIERS.indexOf(p.tier) + 1;
  return PROBLEM_STAGES.indexOf(p.stage) * 100 + tier * 10 + (p.ratedAt === null ? 0 : 1);
}
