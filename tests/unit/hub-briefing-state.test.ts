// What the hub keeps of a briefing state any socket may send: checked fields, nothing else.
import { describe, expect, it } from 'vitest';
import { briefingState } from '../../server/hub/hub';

const ok = {
  briefingId: 'visit-2026.11',
  sceneIndex: 3,
  frozenAt: '2026-11-20T15:59:59.999Z',
  startedAt: '2026-11-24T02:00:00.000Z',
};

describe('briefingState', () => {
  it('keeps exactly the four fields of a good state', () => {
    expect(briefingState({ ...ok, extra: 'x'.repeat(1e5) })).toEqual(ok);
  });
  it('takes the freeze as the start from a wall on an older build', () => {
    const { startedAt: _, ...old } = ok;
    expect(briefingState(old)).toEqual({ ...ok, startedAt: ok.frozenAt });
  });
  it('says what is wrong with a bad one', () => {
    expect(briefingState(null)).toMatch(/briefingId/);
    expect(briefingState({ ...ok, briefingId: '<script>' })).toMatch(/briefingId/);
    expect(briefingState({ ...ok, briefingId: 'x'.repeat(65) })).toMatch(/briefingId/);
    expect(briefingState({ ...ok, sceneIndex: -1 })).toMatch(/sceneIndex/);
    expect(briefingState({ ...ok, sceneIndex: 1.5 })).toMatch(/sceneIndex/);
    expect(briefingState({ ...ok, sceneIndex: 1e9 })).toMatch(/sceneIndex/);
    expect(briefingState({ ...ok, frozenAt: 'soon' })).toMatch(/frozenAt/);
    expect(briefingState({ ...ok, frozenAt: '2026-11-20T00:00:00Z' + ' '.repeat(50) })).toMatch(
      /frozenAt/,
    );
  });
});
