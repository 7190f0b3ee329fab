// The grid workflow as a state machine: 网格发现 → 社区呼叫 → 分级响应 → 协同处置 → 办结, one step at
// a time; a second 分级响应 with a higher tier is an escalation (街道吹哨、部门报到).
import { PROBLEM_STAGES, RESPONSE_TIERS } from '../../shared/protocol';
import type { ProblemStage, ResponseTier } from '../../shared/protocol';

export type TransitionCheck = { ok: true; escalation: boolean } | { ok: false; reason: string };

export function checkTransition(
  current: ProblemStage,
  currentTier: ResponseTier | null,
  target: ProblemStage,
  targetTier: ResponseTier | undefined,
): TransitionCheck {
  if (target === 'responding' && !targetTier)
    return {
      ok: false,
      reason: 'stage "responding" needs a tier: grid, community, street or district',
    };
  if (current === 'responding' && target === 'responding') {
    const from = RESPONSE_TIERS.indexOf(currentTier ?? 'grid');
    const to = RESPONSE_TIERS.indexOf(targetTier!);
    if (to > from) return { ok: true, escalation: true };
    return {
      ok: false,
      reason: `already responding at tier "${currentTier}"; an escalation must go to a higher tier`,
    };
  }
  const next = PROBLEM_STAGES[PROBLEM_STAGES.indexOf(current) + 1];
  if (next !== target)
    return {
      ok: false,
      reason:
        current === 'closed'
          ? 'the problem is already closed'
          : `from "${current}" the next stage is "${next}", not "${target}"`,
    };
  return { ok: true, escalation: false };
}
