// The heat map's points: the server's 30 days first, live reports from deltas added on top, newest
// first, each problem once.
import { describe, expect, it } from 'vitest';
import type { Delta, LiveEvent, RegionRef, Snapshot } from '@shared/protocol';
import { reduce } from '../../client/store/updaters';
import { HEAT_MAX, initialState, type ScreenState } from '../../client/store/screen-state';
import { heatMayHaveGaps, heatUrl } from '../../client/hooks/load-heat';

const district: RegionRef = { level: 'district', id: 'd' };
const street: RegionRef = { level: 'street', id: 's1' };
const base: Array<[number, number]> = [
  [104.01, 30.71],
  [104.02, 30.72],
];
const report = (problemId: string, position: [number, number]): LiveEvent =>
  ({ id: `${problemId}:reported`, kind: 'reported', problemId, position }) as LiveEvent;
const snap = (scope: RegionRef, seq: number, recentEvents: LiveEvent[]): Snapshot => ({
  seq,
  asOf: '2026-11-23T10:00:00+08:00',
  view: { scope, recentEvents, regions: {} } as never,
});
const delta = (scope: RegionRef, seq: number, events: LiveEvent[]): Delta => ({
  seq,
  asOf: '2026-11-23T10:00:01+08:00',
  scope,
  events,
});
const withBase = (): ScreenState =>
  reduce({ ...initialState(), scope: district }, 'heatBase', base);

describe('heat points', () => {
  it('takes the 30-day base and caps it', () => {
    const s = withBase();
    expect(s.heat).toEqual(base);
    const many = Array.from({ length: HEAT_MAX + 5 }, (_, i): [number, number] => [
      104 + i * 1e-6,
      30.7,
    ]);
    expect(reduce(s, 'heatBase', many).heat).toHaveLength(HEAT_MAX);
  });

  it('snapshots add nothing: their recent reports are already in the 30-day list', () => {
    const recent = [report('p1', [104.05, 30.75]), report('p2', [104.06, 30.76])];
    let s = reduce(withBase(), 'snapshot', snap(district, 1, recent));
    expect(s.heat).toEqual(base);
    // The tour moves to a street and back; a resync brings the same events again.
    s = reduce(s, 'scope', street);
    s = reduce(s, 'snapshot', snap(street, 5, recent));
    s = reduce(s, 'scope', district);
    s = reduce(s, 'snapshot', snap(district, 9, recent));
    s = reduce(s, 'snapshot', snap(district, 9, recent));
    expect(s.heat).toHaveLength(base.length);
  });

  it('a live report from a delta is added once, even when it comes again after a scope change', () => {
    let s = reduce(withBase(), 'snapshot', snap(district, 1, []));
    s = reduce(s, 'delta', delta(district, 2, [report('p9', [104.07, 30.77])]));
    expect(s.heat).toEqual([[104.07, 30.77], ...base]);
    s = reduce(s, 'scope', street);
    s = reduce(s, 'snapshot', snap(street, 20, []));
    s = reduce(s, 'delta', delta(street, 21, [report('p9', [104.07, 30.77])]));
    expect(s.seq).toBe(21); // applied, and still one point
    expect(s.heat).toHaveLength(base.length + 1);
    // A fresh 30-day list holds it: it replaces the points and the ids start over.
    s = reduce(s, 'heatBase', [[104.07, 30.77], ...base]);
    expect(s.heat).toHaveLength(base.length + 1);
    expect(s.heatIds.size).toBe(0);
  });

  it('passes the screen token on', () => {
    expect(heatUrl('?token=a b')).toBe('/api/heat?token=a%20b');
    expect(heatUrl('?lang=en')).toBe('/api/heat');
  });
});

describe('when the 30-day list is asked for again', () => {
  const at = (over: Partial<ScreenState>): ScreenState => ({
    ...initialState(),
    scope: district,
    status: 'live',
    ...over,
  });

  it('after the link was down, not at the first connect', () => {
    expect(heatMayHaveGaps(at({ status: 'reconnecting' }), at({}))).toBe(true);
    expect(heatMayHaveGaps(at({ status: 'unauthorized' }), at({}))).toBe(true);
    expect(heatMayHaveGaps(at({ status: 'connecting' }), at({}))).toBe(false);
    expect(heatMayHaveGaps(at({}), at({ status: 'reconnecting' }))).toBe(false);
    expect(heatMayHaveGaps(at({}), at({}))).toBe(false);
  });

  it('on coming back to the district from a drill-down, not on going down', () => {
    expect(heatMayHaveGaps(at({ scope: street }), at({}))).toBe(true);
    expect(heatMayHaveGaps(at({}), at({ scope: street }))).toBe(false);
    // The first scope the screen takes (from the geometry) is no gap.
    expect(heatMayHaveGaps(at({ scope: { level: 'district', id: '' } }), at({}))).toBe(false);
  });
});
