// The pure parts of a briefing's frozen figures: reading a moment a person typed, and cutting a
// problem back to how it stood then.
import { describe, expect, it } from 'vitest';
import { parseMoment } from '../../shared/moment';
import { problemAsOf } from '../../server/aggregate/as-of';
import { problemRecord } from '../fixtures/problem-record';

const NOW = Date.parse('2026-11-24T10:00:00+08:00');
const H = 3600_000;

describe('parseMoment', () => {
  it('reads a date as the end of that day in Shanghai', () => {
    expect(parseMoment('2026-11-20', NOW)).toBe(Date.parse('2026-11-20T15:59:59.999Z'));
  });
  it('reads today as "so far", and a day to come as its end', () => {
    expect(parseMoment('2026-11-24', NOW)).toBe(NOW);
    expect(parseMoment('2026-11-25', NOW)).toBe(Date.parse('2026-11-25T15:59:59.999Z'));
    expect(parseMoment('2099-01-01', NOW)).toBe(Date.parse('2099-01-01T15:59:59.999Z'));
  });
  it('reads a date-time with its offset as it is, even ahead of the clock', () => {
    expect(parseMoment('2026-11-20T18:00:00+08:00', NOW)).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(parseMoment('2026-11-24T02:05Z', NOW)).toBe(NOW + 5 * 60_000);
  });
  it('refuses what is not a real moment', () => {
    for (const t of ['', 'today', '2026-02-30', '2026-13-01', '2026-11-20T18:00:00', '20/11/2026'])
      expect(parseMoment(t, NOW), t).toBeNull();
  });
});

const p = problemRecord({
  id: 'p',
  category: 'parking',
  placeId: 'g',
  stage: 'closed',
  tier: 'street',
  reportedAt: NOW,
  calledAt: NOW + 1 * H,
  respondedAt: NOW + 2 * H,
  handledAt: NOW + 3 * H,
  closedAt: NOW + 4 * H,
  dueAt: NOW + 48 * H,
  rating: 'satisfied',
  ratedAt: NOW + 5 * H,
});

describe('problemAsOf', () => {
  it('is nothing before it was reported', () => {
    expect(problemAsOf(p, NOW - 1)).toBeNull();
  });
  it('stands at the last stage reached by the moment', () => {
    expect(problemAsOf(p, NOW)).toMatchObject({ stage: 'reported', calledAt: null, tier: null });
    expect(problemAsOf(p, NOW + 1.5 * H)).toMatchObject({ stage: 'called', tier: null });
    expect(problemAsOf(p, NOW + 2 * H)).toMatchObject({ stage: 'responding', tier: 'street' });
    expect(problemAsOf(p, NOW + 3.5 * H)).toMatchObject({ stage: 'handled', closedAt: null });
    expect(problemAsOf(p, NOW + 4.5 * H)).toMatchObject({
      stage: 'closed',
      closedAt: NOW + 4 * H,
      rating: null,
      ratedAt: null,
    });
  });
  it('is the record itself once every stage is past', () => {
    expect(problemAsOf(p, NOW + 6 * H)).toBe(p);
    expect(problemAsOf(p, NOW + 6 * H, 'street')).toBe(p);
  });
  it('takes the tier the log gives for the moment (escalated later to street)', () => {
    expect(problemAsOf(p, NOW + 2.5 * H, 'community')).toMatchObject({
      stage: 'responding',
      tier: 'community',
    });
    // Every stage is past, but the escalation came after the moment: not the record itself.
    expect(problemAsOf(p, NOW + 6 * H, 'grid')).toMatchObject({ stage: 'closed', tier: 'grid' });
    // Not yet responding: no tier, whatever the log says later.
    expect(problemAsOf(p, NOW + 1.5 * H, 'community')).toMatchObject({ tier: null });
  });
});
