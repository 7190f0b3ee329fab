import { describe, expect, it } from 'vitest';
import { applyAction, keyToAction } from '../../client/modes/briefing-keys';

describe('briefing keys', () => {
  it('maps clicker and keyboard keys to next / previous', () => {
    for (const k of ['PageDown', 'ArrowRight', ' '])
      expect(keyToAction(k, '', 5)).toEqual({ type: 'next' });
    for (const k of ['PageUp', 'ArrowLeft'])
      expect(keyToAction(k, '', 5)).toEqual({ type: 'prev' });
    expect(keyToAction('x', '', 5)).toBeNull();
  });

  it('jumps to a scene by number typed then Enter, ignoring numbers out of range', () => {
    const a = keyToAction('1', '', 12);
    expect(a).toEqual({ type: 'digit', buffer: '1' });
    const b = keyToAction('2', '1', 12);
    expect(b).toEqual({ type: 'digit', buffer: '12' });
    expect(keyToAction('Enter', '12', 12)).toEqual({ type: 'goto', index: 11 });
    expect(keyToAction('Enter', '13', 12)).toEqual({ type: 'digit', buffer: '' });
  });

  it('stays inside the scene list (a briefing does not wrap around)', () => {
    expect(applyAction(4, { type: 'next' }, 5)).toBe(4);
    expect(applyAction(0, { type: 'prev' }, 5)).toBe(0);
    expect(applyAction(2, { type: 'goto', index: 9 }, 5)).toBe(4);
    expect(applyAction(3, { type: 'first' }, 5)).toBe(0);
    expect(applyAction(1, { type: 'last' }, 5)).toBe(4);
  });
});
