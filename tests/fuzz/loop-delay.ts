// Event-loop delay of this process while a fuzz run drives the in-process server: the figure
// issue #13 asks for (p99 and max), measured with perf_hooks.monitorEventLoopDelay.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function watchEventLoop(): { stop(): LoopDelay } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    stop() {
      h.disable();
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
    },
  };
}
