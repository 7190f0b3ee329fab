// A token bucket: `capacity` messages at once, refilled at `perSecond`. One per socket and kind of
// message, so a screen that loops on resync spends its own budget, not the server's.
export interface Bucket {
  /** true when a message may go through (and spends a token). */
  take(): boolean;
}

export function tokenBucket(capacity: number, perSecond: number, now: () => number): Bucket {
  let tokens = capacity;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
