// Every reason a row is not imported (the table is shared with the console: shared/admin-api.ts).
import { REASONS, type Reasons } from '../../shared/admin-api';

/** Chinese and English wording of a reason (also for codes the ingest ops answer with), from
 * the dataset's table (reasonsFor: its level names) or the default one. */
export function describeReason(code: string, reasons: Reasons = REASONS): [string, string] {
  const r = reasons[code];
  return r ? [r[0], r[1]] : ['写入被拒绝', `rejected by the ingest rules (${code})`];
}
