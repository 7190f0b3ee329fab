import { describe, expect, it } from 'vitest';
import { loggedHistoryEvents } from '../../server/ingest/history-import';
import { recordRows } from '../../server/import/write-rows';
import type { ProblemRecord } from '../../server/store/records';
import { problemRecord } from '../fixtures/problem-record';

const HOUR = 3600_000;
const NOW = Date.parse('2026-11-27T12:00:00+08:00');

function closed(reportedAt: number): ProblemRecord {
  return problemRecord({
    id: 'h-1',
    category: 'environment',
    source: 'hotline',
    placeId: 'g-1',
    stage: 'closed',
    tier: 'street',
    reportedAt,
    calledAt: reportedAt + HOUR,
    respondedAt: reportedAt + 2 * HOUR,
    handledAt: reportedAt + 3 * HOUR,
    closedAt: reportedAt + 3 * HOUR,
    dueAt: reportedAt + 72 * HOUR,
    rating: 'satisfied',
    ratedAt: reportedAt + 3 * HOUR,
  });
}

describe('event-log rows of imported history', () => {
  it('a problem of the last two days logs every step it took, in order', () => {
    const p = closed(NOW - 47 * HOUR);
    expect(loggedHistoryEvents(p, NOW).map((e) => [e.id, e.kind, e.stage, e.at])).toEqual([
      ['h-1:reported', 'reported', 'reported', p.reportedAt],
      ['h-1:called', 'called', 'called', p.calledAt],
      ['h-1:escalated:responding', 'escalated', 'responding', p.respondedAt],
      ['h-1:handled', 'handled', 'handled', p.handledAt],
      ['h-1:closed', 'closed', 'closed', p.closedAt],
      ['h-1:rated', 'rated', 'closed', p.ratedAt],
    ]);
  });

  it('an older one logs none, and a spreadsheet import follows the same rule', () => {
    const old = closed(NOW - 49 * HOUR);
    expect(loggedHistoryEvents(old, NOW)).toEqual([]);
    expect(recordRows(old, NOW).events).toEqual([]);
    expect(recordRows(closed(NOW - HOUR), NOW).events).toHaveLength(6);
  });
});
