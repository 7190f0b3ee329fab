// JavaScript milliseconds the map costs per rendered frame (React reconcile + deck.gl props diff,
// attribute updates and draw calls), kept as a small rolling window. Frames per second say little
// under software GL (SwiftShader); our own JS cost per frame is the honest figure. Exposed as
// `window.__mapFrameStats()` for browser tests and benchmarks. performance.measure entries are
// cleared at once: a 24/7 page must not grow the performance timeline.
const WINDOW = 240;
const samples: number[] = [];
let total = 0;
let frames = 0;

export const MARK = 'map:frame-start';

export function frameStart(): void {
  performance.mark(MARK);
}

export function frameEnd(): void {
  let ms: number;
  try {
    ms = performance.measure('map:frame', MARK).duration;
  } catch {
    return; // no start mark (first commit after a remount)
  }
  performance.clearMarks(MARK);
  performance.clearMeasures('map:frame');
  samples.push(ms);
  if (samples.length > WINDOW) samples.shift();
  total += ms;
  frames += 1;
}

export interface FrameStats {
  frames: number;
  window: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
  totalMs: number;
}

export function frameStats(): FrameStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n ? sorted.reduce((a, b) => a + b, 0) / n : 0;
  return {
    frames,
    window: n,
    meanMs: mean,
    p95Ms: n ? (sorted[Math.min(n - 1, Math.floor(n * 0.95))] ?? 0) : 0,
    maxMs: n ? (sorted[n - 1] ?? 0) : 0,
    totalMs: total,
  };
}

export function resetFrameStats(): void {
  samples.length = 0;
  total = 0;
  frames = 0;
}

declare global {
  interface Window {
    __mapFrameStats?: () => FrameStats;
    __mapFrameStatsReset?: () => void;
  }
}
if (typeof window !== 'undefined') {
  window.__mapFrameStats = frameStats;
  window.__mapFrameStatsReset = resetFrameStats;
}
