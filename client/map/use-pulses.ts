// Drives the pulse animation: feeds new events into the pulse buffer and runs a
// requestAnimationFrame clock only while something is still pulsing (an idle wall costs nothing).
import { useEffect, useRef, useState } from 'react';
import type { LiveEvent, RegionRef } from '@shared/protocol';
import {
  emptyPulses,
  isAnimating,
  prunePulses,
  updatePulses,
  type PulseBuffer,
} from './pulse-buffer';

export interface PulseFrame {
  buf: PulseBuffer;
  now: number;
}

export function usePulses(events: LiveEvent[] | undefined, scope: RegionRef | undefined) {
  const [frame, setFrame] = useState<PulseFrame>(() => ({
    buf: emptyPulses(),
    now: performance.now(),
  }));
  const scopeKey = scope ? `${scope.level}:${scope.id}` : '';
  const lastScope = useRef<string | null>(null);
  const raf = useRef(0);

  useEffect(() => {
    if (!events) return;
    // A first view or another scope's snapshot is history: remember it without pulsing.
    const quiet = lastScope.current !== scopeKey;
    lastScope.current = scopeKey;
    setFrame((f) => {
      const now = performance.now();
      return { buf: updatePulses(f.buf, events, now, quiet), now };
    });
  }, [events, scopeKey]);

  const animating = isAnimating(frame.buf, frame.now);
  useEffect(() => {
    if (!animating) return;
    const tick = (t: number) => {
      setFrame((f) => ({ buf: prunePulses(f.buf, t), now: t }));
      raf.current = requestAnimationFrame(tick);
    };
    raf.current = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf.current);
  }, [animating]);

  return frame;
}
