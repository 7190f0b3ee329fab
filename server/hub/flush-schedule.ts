// When the hub flushes: at once for the first change after a quiet spell (leading edge), then at
// most once per `gapMs` while changes keep coming (trailing edge: the last change of a burst
// still goes out, one gap after the previous delta). A wall thus sees a lone event within a tick
// and a burst as ≤ 1000 / gapMs renders a second. Timing uses the process's monotonic clock,
// never the data clock (tests pin that one).

import { afterWait, type Pending } from './after-wait';

export interface FlushSchedule {
  /** Something changed: flush now if the last delta is a gap old, else when it will be. */
  changed: () => void;
  /** Flush at once, whatever the gap (tests, benchmarks). */
  flushNow: () => void;
  close: () => void;
}

export interface FlushScheduleOptions {
  /** Least time between two flushes that sent something. */
  gapMs: number;
  /** Look for changes nobody signalled (activity writes, imports, the clock) this often. */
  pollMs: number;
  /** Monotonic milliseconds. */
  clock?: () => number;
}

/** `flush` returns whether it sent anything: a flush that found nothing does not start a gap. */
export function flushSchedule(flush: () => boolean, opts: FlushScheduleOptions): FlushSchedule {
  const clock = opts.clock ?? (() => performance.now());
  let lastSent = -Infinity;
  let pending: Pending | null = null;
  let closed = false;

  // The gap counts from a flush's end. The room sender holds a slice until its sockets' last
  // delta is a gap old, and only flushes more than a gap apart let a slice once held late (a busy
  // turn) catch up; counted from a flush's start, such a slice stayed late for the rest of the
  // burst (bench:scale at 1M, 10 writes/s: probe p50 291 ms against 194-215).
  const run = () => {
    pending = null;
    if (closed) return;
    if (flush()) lastSent = clock();
  };

  function changed(): void {
    if (pending || closed) return;
    // With no gap left, on the next turn, not a synchronous flush: the write that signalled
    // finishes its tick (a batch of 10,000 records signals 10,000 times and is one flush).
    pending = afterWait(lastSent + opts.gapMs - clock(), run);
  }

  const poll = setInterval(changed, opts.pollMs);
  poll.unref();

  return {
    changed,
    flushNow() {
      pending?.cancel();
      run();
    },
    close() {
      closed = true;
      pending?.cancel();
      pending = null;
      clearInterval(poll);
    },
  };
}
