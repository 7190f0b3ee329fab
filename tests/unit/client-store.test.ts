// The client store: snapshot, deltas in order, duplicates ignored, a gap flags a resync.
import { describe, expect, it } from 'vitest';
import type { Delta, ScopeView, Snapshot } from '@shared/protocol';
import { initialState } from '../../client/store/screen-state';
import { reduce } from '../../client/store/updaters';

const scope = { level: 'district' as const, id: 'd1' };
const view = (open: number): ScopeView =>
  ({
    scope,
    windows: {},
    current: { open, overdue: 0 },
    figures: {},
    trend: [],
    regions: {},
    recentEvents: [],
  }) as unknown as ScopeView;
const snap = (seq: number, open: number): Snapshot => ({
  seq,
  asOf: '2026-11-23T00:00:00Z',
  view: view(open),
});
const delta = (seq: number, open: number): Delta => ({
  seq,
  asOf: '2026-11-23T00:00:01Z',
  scope,
  current: { open, overdue: 0 },
});

describe('client store', () => {
  const start = reduce({ ...initialState(), scope }, 'snapshot', snap(10, 5));

  it('applies deltas in order and equals the fresh snapshot', () => {
    const s = reduce(reduce(start, 'delta', delta(11, 6)), 'delta', delta(12, 7));
    expect(s.seq).toBe(12);
    expect(s.view).toEqual(snap(12, 7).view);
  });

  it('ignores a duplicate delta', () => {
    const s = reduce(start, 'delta', delta(10, 99));
    expect(s).toBe(start);
  });

  it('flags a resync on a sequence gap and does not apply the delta', () => {
    const s = reduce(start, 'delta', delta(13, 8));
    expect(s.needsResync).toBe(true);
    expect(s.view?.current.open).toBe(5);
    const back = reduce(s, 'snapshot', snap(13, 8));
    expect(back.needsResync).toBe(false);
    expect(back.view?.current.open).toBe(8);
  });
});
