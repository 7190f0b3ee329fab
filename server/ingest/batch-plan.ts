// What one /api/batch record does, decided in plain JS with the single ops' own rules
// (problem-rules.ts, activity-rows.ts): a new problem, a step of a problem created earlier in the
// same run of planned records (`known`, its state in memory), an activity row, an answer that
// needs no write, or `unplanned` (an idempotency key, a problem the plan does not hold) for the
// single ops to run.
import type { BatchRecord } from '../../shared/protocol';
import { HttpError } from '../http-error';
import type { ActivityRecord, ProblemRecord } from '../store/records';
import { partyRow, visitRow, volunteerRow } from './activity-rows';
import { checkRecord, idemKey, refused, type RecordResult } from './batch-record';
import { createdProblem, rated, transitioned, type RuleDeps, type Step } from './problem-rules';

export type Plan =
  /** Answered without a write; `on`: the answer was read off that known problem's state. */
  | { kind: 'settled'; result: RecordResult; on?: string }
  /** A new problem; a duplicate when the store turns out to hold its id. */
  | { kind: 'create'; step: Step }
  /** A create the rules refused: a duplicate instead when the store holds its id. */
  | { kind: 'refused-create'; id: string; result: RecordResult }
  | { kind: 'change'; prev: ProblemRecord; step: Step }
  /** A duplicate when the store holds its id. */
  | { kind: 'activity'; row: ActivityRecord }
  | { kind: 'unplanned' };

const duplicate = (index: number, on?: string): Plan => ({
  kind: 'settled',
  result: { index, ok: true, duplicate: true },
  on,
});

function planned(
  deps: RuleDeps,
  known: ReadonlyMap<string, ProblemRecord>,
  rec: BatchRecord,
  index: number,
): Plan {
  switch (rec.type) {
    case 'problem': {
      if (known.has(rec.data.id)) return duplicate(index);
      try {
        return { kind: 'create', step: createdProblem(deps, rec.data) };
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        return { kind: 'refused-create', id: rec.data.id, result: refused(index, err) };
      }
    }
    case 'transition':
    case 'rating': {
      const prev = known.get(rec.problemId);
      if (!prev) return { kind: 'unplanned' };
      const step =
        rec.type === 'transition'
          ? transitioned(deps, prev, rec.data)
          : rated(deps, prev, rec.data);
      return step ? { kind: 'change', prev, step } : duplicate(index, prev.id);
    }
    case 'volunteer':
      return { kind: 'activity', row: volunteerRow(deps, rec.data) };
    case 'party_report':
      return { kind: 'activity', row: partyRow(deps, rec.data) };
    case 'station_visit':
      return { kind: 'activity', row: visitRow(deps, rec.data) };
  }
}

export function planRecord(
  deps: RuleDeps,
  known: ReadonlyMap<string, ProblemRecord>,
  raw: Record<string, unknown>,
  index: number,
): Plan {
  let rec: BatchRecord | undefined;
  try {
    rec = checkRecord(raw);
    if (idemKey(rec, raw.idempotencyKey as string | undefined)) return { kind: 'unplanned' };
    return planned(deps, known, rec, index);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const on = rec && 'problemId' in rec ? rec.problemId : undefined;
    return { kind: 'settled', result: refused(index, err), on };
  }
}
