// The heat map's points: the server's 30 days first, live reports added on top, newest first.
import { describe, expect, it } from 'vitest';
import { reduce } from '../../client/store/updaters';
import { HEAT_MAX, initialState } from '../../client/store/screen-state';
import { heatUrl } from '../../client/hooks/load-heat';

describe('heat points', () => {
  it('takes the 30-day base, caps it, and keeps it when a snapshot adds live reports', () => {
    const base: Array<[number, number]> = [
      [104.01, 30.71],
      [104.02, 30.72],
    ];
    let s = reduce(initialState(), 'heatBase', base);
    expect(s.heat).toEqual(base);
    const many = Array.from({ length: HEAT_MAX + 5 }, (_, i): [number, number] => [
      104 + i * 1e-6,
      30.7,
    ]);
    expect(reduce(s, 'heatBase', many).heat).toHaveLength(HEAT_MAX);
    s = reduce({ ...s, scope: { level: 'district', id: 'd' } }, 'snapshot', {
      seq: 1,
      asOf: '2026-11-23T10:00:00+08:00',
      view: {
        scope: { level: 'district', id: 'd' },
        recentEvents: [{ id: 'e1', kind: 'reported', position: [104.05, 30.75] }],
      } as never,
    });
    expect(s.heat).toEqual([[104.05, 30.75], ...base]);
  });

  it('passes the screen token on', () => {
    expect(heatUrl('?token=a b')).toBe('/api/heat?token=a%20b');
    expect(heatUrl('?lang=en')).toBe('/api/heat');
  });
});
