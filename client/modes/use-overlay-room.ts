// Room over the map that the page's own overlays leave free: the breadcrumb column top-left
// (the scene caption joins it, under the breadcrumb), the scope figures down the right edge and
// the map controls at the bottom. Measured, because all of them change size with the scope and
// the language; the callouts keep inside what is left.
import { useEffect, useState } from 'react';

export interface OverlayRoom {
  /** The page's top-left overlay column, or null when the page has none (caption uses the host). */
  topLeft: HTMLElement | null;
  /** Free area in px from the host's edges. */
  top: number;
  right: number;
  bottom: number;
}

const GAP = 12;

function measure(host: HTMLElement): OverlayRoom {
  const h = host.getBoundingClientRect();
  const topLeft = host.querySelector<HTMLElement>('.map-top-left');
  const tl = topLeft?.getBoundingClientRect();
  const tr = host.querySelector('.map-top-right')?.getBoundingClientRect();
  const ctl = host.querySelector('.map-controls')?.getBoundingClientRect();
  return {
    topLeft: topLeft ?? null,
    top: tl && tl.height > 0 ? Math.round(tl.bottom - h.top + GAP) : GAP,
    right: tr && tr.width > 0 ? Math.round(h.right - tr.left + GAP) : GAP,
    bottom: ctl && ctl.height > 0 ? Math.round(h.bottom - ctl.top + GAP) : GAP,
  };
}

const same = (a: OverlayRoom, b: OverlayRoom) =>
  a.topLeft === b.topLeft && a.top === b.top && a.right === b.right && a.bottom === b.bottom;

export function useOverlayRoom(host: HTMLElement): OverlayRoom {
  const [room, setRoom] = useState<OverlayRoom>(() => measure(host));
  useEffect(() => {
    const update = () =>
      setRoom((r) => {
        const next = measure(host);
        return same(r, next) ? r : next;
      });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(host);
    for (const sel of ['.map-top-left', '.map-top-right', '.map-controls']) {
      const el = host.querySelector(sel);
      if (el) ro.observe(el);
    }
    return () => ro.disconnect();
  }, [host]);
  return room;
}
