// The map's own size (it fills whatever box the page gives it), and the UI scale: strokes, dots
// and labels are designed for a 1080p wall and follow the page's rem (16 px at 1080p, 32 px at
// 2160p; client/screen/fit.ts), so the map grows exactly like the panels around it.
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface Size {
  width: number;
  height: number;
}

/** 1 at 1080p, 2 at 2160p (the page's rem over its 16 px design rem), within sane bounds. */
export function uiScaleFromRem(rem: number): number {
  if (!Number.isFinite(rem) || rem <= 0) return 1;
  return Math.max(0.5, Math.min(4, rem / 16));
}

export function useSize(ref: RefObject<HTMLElement | null>): Size | null {
  const [size, setSize] = useState<Size | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.round(el.clientWidth);
      const h = Math.round(el.clientHeight);
      setSize((s) => (s && s.width === w && s.height === h ? s : { width: w, height: h }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
