// How long the event loop waited (perf_hooks.monitorEventLoopDelay): every write, socket message
// and screen tick waits behind a blocked loop, so its p99 and max are the server's health figures.
// Exported on /api/health and logged once a minute; the histogram restarts after each log line.
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface LoopDelay {
  p99Ms: number;
  maxMs: number;
  /** When the current window began (ISO). */
  since: string;
}

const LOG_EVERY_MS = 60_000;

export function watchEventLoop(log: (figures: LoopDelay) => void, resolutionMs = 10) {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  let since = Date.now();
  const read = (): LoopDelay => ({
    p99Ms: Math.round((h.percentile(99) / 1e6) * 10) / 10,
    maxMs: Math.round((h.max / 1e6) * 10) / 10,
    since: new Date(since).toISOString(),
  });
  const timer = setInterval(() => {
    log(read());
    h.reset();
    since = Date.now();
  }, LOG_EVERY_MS);
  timer.unref();
  return {
    read,
    stop(): void {
      clearInterval(timer);
      h.disable();
    },
  };
}

export type EventLoopWatch = ReturnType<typeof watchEventLoop>;
