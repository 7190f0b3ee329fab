// Every reason a row is not imported (the table is shared with the console: shared/admin-api.ts).
import { REASONS } from '../../shared/admin-api';

export { REASONS };

/** Chinese and English wording of a reason (also for codes the ingest ops answer with). */
export function describeReason(code: string): [string, string] {
  const r = (REASONS as Record<string, readonly [string, string]>)[code];
  return r ? [r[0], r[1]] : ['写入被拒绝', `rejected by the ingest rules (${code})`];
}
