// Idempotency keys only need to outlive a client's retries; kept forever, the table grows with
// every keyed write. Swept at start and then daily; the timer never keeps the process alive.
import type { Store } from './records';

export const IDEMPOTENCY_TTL_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

export function startIdempotencySweep(
  store: Store,
  now: () => number,
  onSwept: (rows: number) => void,
  onError: (err: unknown) => void,
  everyMs = DAY_MS,
): { sweep: () => Promise<number>; stop: () => void } {
  const sweep = async () => {
    const n = await store.sweepIdempotent(now() - IDEMPOTENCY_TTL_MS);
    if (n > 0) onSwept(n);
    return n;
  };
  void sweep().catch(onError);
  const timer = setInterval(() => void sweep().catch(onError), everyMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
