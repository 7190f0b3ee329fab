// The briefing freeze in the store: while frozen, the wall keeps its figures and the live view
// follows the deltas in a shadow (so sequence gaps are still caught and unfreezing needs no
// resync); a scene sets focus, metric, layers, hidden panels and callouts in one step.
import { describe, expect, it } from 'vitest';
import type { Delta, RegionRef, ScopeView, Snapshot } from '@shared/protocol';
import { initialState } from '../../client/store/screen-state';
import { reduce } from '../../client/store/updaters';

const district: RegionRef = { level: 'district', id: 'd1' };
const street: RegionRef = { level: 'street', id: 's1' };
const view = (open: number, scope = district): ScopeView =>
  ({
    scope,
    windows: {},
    current: { open, overdue: 0 },
    figures: {},
    trend: [],
    regions: {},
    recentEvents: [],
  }) as unknown as ScopeView;
const snap = (seq: number, open: number, scope = district): Snapshot => ({
  seq,
  asOf: `2026-11-23T00:00:${String(seq).padStart(2, '0')}Z`,
  view: view(open, scope),
});
const delta = (seq: number, open: number, scope = district): Delta => ({
  seq,
  asOf: `2026-11-23T00:01:${String(seq).padStart(2, '0')}Z`,
  scope,
  current: { open, overdue: 0 },
});

const FROZEN_AT = '2026-11-23T08:00:00.000Z';
const live = reduce({ ...initialState(), scope: district }, 'snapshot', snap(10, 5));
const frozen = reduce(live, 'freeze', FROZEN_AT);

describe('briefing freeze', () => {
  it('keeps the figures and stamps the badge with the freeze time', () => {
    const s = reduce(reduce(frozen, 'delta', delta(11, 6)), 'delta', delta(12, 7));
    expect(s.view?.current.open).toBe(5);
    expect(s.asOf).toBe(FROZEN_AT);
    expect(s.frozenAt).toBe(FROZEN_AT);
    // …while the shadow follows the stream, in order.
    expect(s.seq).toBe(12);
    expect(s.shadow?.view?.current.open).toBe(7);
  });

  it('still flags a sequence gap while frozen, and takes the resync into the shadow', () => {
    const gap = reduce(frozen, 'delta', delta(13, 9));
    expect(gap.needsResync).toBe(true);
    const resynced = reduce(gap, 'snapshot', snap(20, 9));
    expect(resynced.needsResync).toBe(false);
    expect(resynced.view?.current.open).toBe(5);
    expect(resynced.shadow?.view?.current.open).toBe(9);
  });

  it('a new scope shows its first snapshot, then a frozen view replaces it and holds', () => {
    const moved = reduce(frozen, 'scope', street);
    const first = reduce(moved, 'snapshot', snap(1, 40, street));
    expect(first.view?.current.open).toBe(40); // never a blank panel
    const pinned = reduce(first, 'frozenView', view(30, street));
    expect(pinned.view?.current.open).toBe(30);
    const later = reduce(
      reduce(pinned, 'delta', delta(2, 41, street)),
      'snapshot',
      snap(5, 50, street),
    );
    expect(later.view?.current.open).toBe(30);
    // A frozen view of another scope (late answer) is ignored.
    expect(reduce(pinned, 'frozenView', view(99, district))).toBe(pinned);
  });

  it('frozenView does nothing on a live screen', () => {
    expect(reduce(live, 'frozenView', view(1))).toBe(live);
  });

  it('unfreezing shows the live figures without a resync', () => {
    const s = reduce(reduce(frozen, 'delta', delta(11, 6)), 'unfreeze', null);
    expect(s.frozenAt).toBeNull();
    expect(s.view?.current.open).toBe(6);
    expect(s.asOf).toBe(delta(11, 6).asOf);
    expect(s.needsResync).toBe(false);
    // …and later deltas apply to the wall again.
    expect(reduce(s, 'delta', delta(12, 8)).view?.current.open).toBe(8);
  });

  it('a live screen is unchanged by the new fields', () => {
    expect(reduce(live, 'delta', delta(11, 6)).view?.current.open).toBe(6);
    expect(live.shadow).toBeNull();
  });
});

describe('scene updater', () => {
  it('sets focus, metric, layers, panels and callouts together; arcs/heat follow the layers', () => {
    const s = reduce(live, 'scene', {
      scope: street,
      metric: 'open',
      layers: ['regions', 'heatmap'],
      hiddenPanels: ['ticker'],
      annotations: [{ regionId: 's1', text: 'x' }],
    });
    expect(s.scope).toEqual(street);
    expect(s.metric).toBe('open');
    expect(s.sceneLayers).toEqual(['regions', 'heatmap']);
    expect(s.showHeatmap).toBe(true);
    expect(s.showArcs).toBe(false);
    expect(s.hiddenPanels).toEqual(['ticker']);
    expect(s.annotations).toHaveLength(1);
  });
});
