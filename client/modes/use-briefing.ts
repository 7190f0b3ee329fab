// One briefing as a window sees it: the scene index and freeze time shared through the server's
// briefing room (live/briefing-link.ts), and, in the presenter window, the clicker keys that step
// it. The wall follows whatever the presenter (holding the presenter token) does.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BriefingState } from '@shared/protocol';
import { briefingLink } from '../live/briefing-link';
import { applyAction, keyToAction } from './briefing-keys';
import { clampIndex, newBriefing, onJoin } from './briefing-session';

export interface Briefing {
  state: BriefingState | null;
  index: number;
  go: (index: number) => void;
  /** Presenter only: take the figures again, as they stand now (the same scene). */
  refreeze: () => void;
}

/**
 * `presenter`: this window holds the presenter token, starts the briefing and steps it (keys and
 * clicks); a wall only follows. `asOf`: a chosen moment for the figures, used when the presenter
 * starts the briefing.
 */
export function useBriefing(
  briefingId: string,
  count: number,
  presenter: boolean,
  asOf?: string,
): Briefing {
  const [state, setState] = useState<BriefingState | null>(null);
  const mine = useRef<BriefingState | null>(null);
  const ready = count > 0;

  useEffect(() => {
    if (!ready) return; // join once the scenes are known, so a new briefing starts on scene 1
    return briefingLink.join(briefingId, (room, origin) => {
      const pick =
        origin === 'join'
          ? onJoin(mine.current, room, briefingId, Date.now(), asOf, presenter)
          : room && { keep: 'remote' as const, state: room };
      if (!pick) return;
      mine.current = pick.state;
      setState(pick.state);
      if (pick.keep === 'mine') briefingLink.goto(pick.state);
    });
  }, [briefingId, ready, asOf, presenter]);

  const go = useCallback(
    (index: number) => {
      const cur = mine.current;
      if (!presenter || !cur || cur.sceneIndex === index) return;
      const next = { ...cur, sceneIndex: index };
      mine.current = next;
      setState(next);
      briefingLink.goto(next);
    },
    [presenter],
  );

  const refreeze = useCallback(() => {
    const cur = mine.current;
    if (!presenter || !cur) return;
    const next = { ...cur, frozenAt: newBriefing(cur.briefingId, Date.now()).frozenAt };
    mine.current = next;
    setState(next);
    briefingLink.goto(next);
  }, [presenter]);

  const index = state ? clampIndex(state.sceneIndex, count) : 0;

  // Clicker keys: PageDown/PageUp, arrows, space; digits then Enter jump to a scene number.
  const digits = useRef('');
  useEffect(() => {
    if (!presenter) return; // a wall's keys do nothing: the presenter drives
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const action = keyToAction(e.key, digits.current, count);
      if (!action) return;
      e.preventDefault(); // space and arrows must not scroll or press a focused button
      if (action.type === 'digit') {
        digits.current = action.buffer;
        return;
      }
      digits.current = '';
      go(applyAction(index, action, count));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, index, go, presenter]);

  return { state, index, go, refreeze };
}
