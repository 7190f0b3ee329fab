// planRecord: what a batch record becomes without touching the store — a new problem, a step of
// one the plan holds, an activity row, a settled answer with the single ops' own 4xx, or a record
// left to the single ops (an idempotency key, a problem the plan does not hold).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegionIndex } from '../../server/aggregate/region-index';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { planRecord, type Plan } from '../../server/ingest/batch-plan';
import type { RuleDeps } from '../../server/ingest/problem-rules';
import type { ProblemRecord } from '../../server/store/records';
import { tinyGridIds, tinyDatasetDir } from '../fixtures/tiny-dataset';

const NOW = Date.parse('2026-06-15T12:00:00+08:00');
const GRID = tinyGridIds()[0]!;
let dir: string;
let deps: RuleDeps;
beforeAll(async () => {
  dir = await tinyDatasetDir();
  deps = { index: buildRegionIndex(await loadValidDataset(dir)), now: () => NOW };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const create = (id: string, over: Record<string, unknown> = {}) => ({
  type: 'problem',
  data: { id, category: 'environment', source: 'patrol', gridId: GRID, ...over },
});
const step = (problemId: string, data: Record<string, unknown>, more = {}) => ({
  type: 'transition',
  problemId,
  data,
  ...more,
});

/** The plans of `records` in order, the known problems kept as the planned path keeps them. */
function plan(records: Array<Record<string, unknown>>): Plan[] {
  const known = new Map<string, ProblemRecord>();
  return records.map((r, i) => {
    const p = planRecord(deps, known, r, i);
    if (p.kind === 'create' || p.kind === 'change') known.set(p.step.next.id, p.step.next);
    return p;
  });
}

describe('planRecord', () => {
  it('plans a create and the steps after it on the state in memory', () => {
    const [c, called, again] = plan([
      create('A', { reportedAt: '2026-06-15T10:00:00+08:00' }),
      step('A', { stage: 'called', at: '2026-06-15T10:05:00+08:00' }),
      create('A'),
    ]);
    expect(c).toMatchObject({ kind: 'create', step: { ev: { id: 'A:reported' } } });
    expect(called).toMatchObject({
      kind: 'change',
      prev: { stage: 'reported' },
      step: { next: { stage: 'called', calledAt: Date.parse('2026-06-15T10:05:00+08:00') } },
    });
    expect(again).toEqual({ kind: 'settled', result: { index: 2, ok: true, duplicate: true } });
  });

  it("answers a step the workflow refuses with the single op's 4xx, on that problem", () => {
    const [, closed] = plan([create('B'), step('B', { stage: 'closed' })]);
    expect(closed).toMatchObject({
      kind: 'settled',
      on: 'B',
      result: { index: 1, ok: false, error: 'illegal_transition' },
    });
  });

  it('leaves keyed steps and problems it does not hold to the single ops', () => {
    const plans = plan([
      step('stored-before', { stage: 'called' }),
      create('C'),
      step('C', { stage: 'called' }, { idempotencyKey: 'k' }),
    ]);
    expect(plans.map((p) => p.kind)).toEqual(['unplanned', 'create', 'unplanned']);
  });

  it('keeps a refused create apart (a duplicate if the store holds its id) and checks activity', () => {
    const [grid, volunteer, visit, bad] = plan([
      create('D', { gridId: 'no-such-grid' }),
      { type: 'volunteer', data: { id: 'V', regionId: GRID, hours: 1.25 } },
      { type: 'station_visit', data: { id: 'S', stationId: 'no-such-station' } },
      { type: 'rating', data: { stars: 3 } },
    ]);
    expect(grid).toMatchObject({
      kind: 'refused-create',
      id: 'D',
      result: { error: 'unknown_grid' },
    });
    expect(volunteer).toEqual({
      kind: 'activity',
      row: { kind: 'volunteer', record: { id: 'V', regionId: GRID, tenths: 13, at: NOW } },
    });
    expect(visit).toMatchObject({ kind: 'settled', result: { error: 'unknown_station' } });
    expect(bad).toMatchObject({ kind: 'settled', result: { error: 'invalid_record' } });
  });
});
