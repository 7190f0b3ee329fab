// Idempotency keys only need to outlive a client's retries; kept forever, the table grows with
// every keyed write. Swept at start and then daily; the timer never keeps the process alive.
import type { Store } from './records';

export const IDEMPOTENCY_TTL_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

export function startIdempotencySweep(
  store: Store,
  now: () => number,
  onSwept?: (rows: number) => void,
  everyMs = DAY_MS,
): { sweep: () => number; stop: () => void } {
  const sweep = () => {
    const n = store.sweepIdempotent(now() - IDEMPOTENCY_TTL_MS);
    if (n > 0) onSwept?.(n);
    return n;
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
