// The box the map sits in (the page engineer's `.map-box`, parent of [data-testid="map"]) and the
// map's size, so the mode overlays (caption, callouts) can be portalled into it and sit in the
// map's own coordinates without the mode code owning or remounting the map.
import { useEffect, useState } from 'react';

export interface MapBox {
  host: HTMLElement;
  width: number;
  height: number;
}

export function useMapBox(): MapBox | null {
  const [box, setBox] = useState<MapBox | null>(null);
  useEffect(() => {
    let ro: ResizeObserver | null = null;
    let found: HTMLElement | null = null;
    const attach = (): boolean => {
      const map = document.querySelector<HTMLElement>('[data-testid="map"]');
      const host = map?.parentElement;
      if (!map || !host) return false;
      found = map;
      ro = new ResizeObserver(() => {
        const w = Math.round(map.clientWidth);
        const h = Math.round(map.clientHeight);
        setBox((b) =>
          b && b.host === host && b.width === w && b.height === h
            ? b
            : { host, width: w, height: h },
        );
      });
      ro.observe(map);
      return true;
    };
    // The page renders the map in the same commit or soon after; watch for it rather than poll.
    const mo = new MutationObserver(() => {
      if (!found && attach()) mo.disconnect();
    });
    if (!attach()) mo.observe(document.body, { childList: true, subtree: true });
    return () => {
      mo.disconnect();
      ro?.disconnect();
    };
  }, []);
  return box;
}
