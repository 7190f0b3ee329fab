// Keys of a keyboard or a presentation clicker (they send PageDown/PageUp, arrows, sometimes
// '.' or 'b' for blank) mapped to presenter actions. Digits then Enter jump to a scene number.

export type BriefingAction =
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'goto'; index: number }
  | { type: 'digit'; buffer: string };

const NEXT = new Set(['PageDown', 'ArrowRight', 'ArrowDown', ' ', 'Spacebar', 'Enter', 'n']);
const PREV = new Set(['PageUp', 'ArrowLeft', 'ArrowUp', 'Backspace', 'p']);

/** `buffer` holds digits typed so far; Enter with digits jumps to that 1-based scene number. */
export function keyToAction(
  key: string,
  buffer: string,
  sceneCount: number,
): BriefingAction | null {
  if (/^[0-9]$/.test(key)) return { type: 'digit', buffer: (buffer + key).slice(-3) };
  if (key === 'Enter' && buffer) {
    const n = Number(buffer);
    if (n >= 1 && n <= sceneCount) return { type: 'goto', index: n - 1 };
    return { type: 'digit', buffer: '' };
  }
  if (key === 'Home') return { type: 'first' };
  if (key === 'End') return { type: 'last' };
  if (NEXT.has(key)) return { type: 'next' };
  if (PREV.has(key)) return { type: 'prev' };
  return null;
}

/** The scene index an action leads to; stays within the scene list (no wrap in a briefing). */
export function applyAction(index: number, action: BriefingAction, sceneCount: number): number {
  const last = Math.max(sceneCount - 1, 0);
  switch (action.type) {
    case 'next':
      return Math.min(index + 1, last);
    case 'prev':
      return Math.max(index - 1, 0);
    case 'first':
      return 0;
    case 'last':
      return last;
    case 'goto':
      return Math.min(Math.max(action.index, 0), last);
    case 'digit':
      return index;
  }
}
