// Which node's step is alive, told from the store alone: a running step stores its doc every
// second where other nodes read the store (import-jobs; PostgreSQL), so a doc in a running status
// that nobody has stored for STALE_MS belongs to a node that died. Any node then shows it failed
// (undo works from any node) and lets the next import start; a fresh one on another node keeps
// this node from starting a second job.
import type { ImportStatus } from '../../shared/admin-api';
import type { ImportDoc } from './import-doc';

export const STALE_MS = 30_000;
const RUNNING: ImportStatus[] = ['dry_running', 'importing', 'undoing'];

export const INTERRUPTED = {
  code: 'interrupted',
  message: 'the server stopped during this step; undo removes what was stored',
};

const isRunning = (d: ImportDoc) => RUNNING.includes(d.status);

/** True when a running step's node has stored nothing for STALE_MS. */
function isStale(d: ImportDoc, nowMs: number): boolean {
  return nowMs - (d.savedAt ? Date.parse(d.savedAt) : 0) >= STALE_MS;
}

/** A stored doc as a node that does not run its step must show it. */
export function asStored(d: ImportDoc, nowMs: number): ImportDoc {
  return isRunning(d) && isStale(d, nowMs)
    ? { ...d, status: 'failed', error: { ...INTERRUPTED } }
    : d;
}

/** A step alive on another node, if any, among the stored docs: none of `skip` (this node's own
 * step, the import asked about). */
export function runningElsewhere(
  docs: ImportDoc[],
  nowMs: number,
  skip: (string | null)[],
): ImportDoc | undefined {
  return docs.find((d) => !skip.includes(d.id) && isRunning(d) && !isStale(d, nowMs));
}
