// WebGL context loss on an unattended screen (driver reset, GPU process crash, too many contexts):
// neither deck.gl nor a remounted-by-reuse maplibre comes back by itself, so the map remounts its
// canvases, the ONE legitimate remount, by bumping a generation used as a React key. One capture
// listener on the map's root hears every canvas (context events do not bubble, but capture sees
// them). A browser test can trigger it: canvas.getContext('webgl2').getExtension(
// 'WEBGL_lose_context').loseContext(), then watch `data-gl-generation` on the map element.
import { useEffect, useRef, useState, type RefObject } from 'react';

/** Back-off between remount attempts while the GPU is still away (ms). */
export const REMOUNT_DELAYS = [800, 2000, 5000, 10_000, 30_000] as const;

export function remountDelay(attempt: number): number {
  return REMOUNT_DELAYS[Math.min(attempt, REMOUNT_DELAYS.length - 1)] ?? 30_000;
}

export function useContextLoss(root: RefObject<HTMLElement | null>) {
  const [generation, setGeneration] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempts = useRef(0);
  const mountedAt = useRef(0);

  const scheduleRemount = useRef(() => {
    if (pending.current) return; // one remount at a time; the old canvases' own losses are noise
    const delay = remountDelay(attempts.current);
    attempts.current += 1;
    pending.current = setTimeout(() => {
      pending.current = null;
      mountedAt.current = performance.now();
      setGeneration((g) => g + 1);
    }, delay);
  });

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onLost = (e: Event) => {
      const target = e.target;
      // Canvases being torn down by our own remount also report a loss: ignore detached ones.
      if (!(target instanceof HTMLCanvasElement) || !target.isConnected) return;
      e.preventDefault(); // lets the browser restore the context if it can
      scheduleRemount.current();
    };
    el.addEventListener('webglcontextlost', onLost, true);
    return () => el.removeEventListener('webglcontextlost', onLost, true);
  }, [root]);

  useEffect(() => {
    // A generation that has run for a minute is healthy: the next loss starts the back-off over.
    const t = setTimeout(() => (attempts.current = 0), 60_000);
    return () => clearTimeout(t);
  }, [generation]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return { generation, onGlError: () => scheduleRemount.current() };
}
