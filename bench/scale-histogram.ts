// Latencies of millions of deliveries (every event × every wall) in constant memory: one counter
// per millisecond up to a minute, one for everything later.
const BUCKETS = 60_000;

export function latencyHistogram() {
  let counts = new Uint32Array(BUCKETS + 1);
  let n = 0;
  let max = 0;
  return {
    add(ms: number): void {
      const b = Math.min(BUCKETS, Math.max(0, Math.round(ms)));
      counts[b]! += 1;
      n += 1;
      if (ms > max) max = ms;
    },
    /** The smallest latency (ms) at or below which a share `q` of the deliveries fall. */
    quantile(q: number): number {
      if (n === 0) return NaN;
      const rank = Math.ceil(q * n);
      let seen = 0;
      for (let b = 0; b <= BUCKETS; b++) {
        seen += counts[b]!;
        if (seen >= rank) return b;
      }
      return BUCKETS;
    },
    max: () => Math.round(max),
    count: () => n,
    reset(): void {
      counts = new Uint32Array(BUCKETS + 1);
      n = 0;
      max = 0;
    },
  };
}
