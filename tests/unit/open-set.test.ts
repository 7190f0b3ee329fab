// The open set keeps open and overdue counts per region up as problems open, close and come due;
// after any sequence of changes and counts, with the clock moving on (and now and then back), its
// counts must equal one pass over the open problems, as they were counted before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenSet, type OpenProblem } from '../../server/aggregate/open-set';
import type { CurrentMetrics } from '../../shared/protocol';
import { isOverdue } from '../../server/metrics/due';

const LINEAGES = [
  ['g1', 'c1', 's1', 'd'],
  ['g2', 'c1', 's1', 'd'],
  ['g3', 'c2', 's1', 'd'],
  ['c2', 's1', 'd'],
  ['g4', 'c3', 's2', 'd'],
];

function onePass(open: Map<string, OpenProblem>, now: number): Map<string, CurrentMetrics> {
  const out = new Map<string, CurrentMetrics>();
  for (const { lineage, dueAt } of open.values())
    for (const id of lineage) {
      let c = out.get(id);
      if (!c) out.set(id, (c = { open: 0, overdue: 0 }));
      c.open += 1;
      if (isOverdue(dueAt, null, now)) c.overdue += 1;
    }
  return out;
}

const id = fc.integer({ min: 0, max: 30 }).map((n) => `p${n}`);
const op = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    id,
    lineage: fc.constantFrom(...LINEAGES),
    dueAt: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), id }),
  // The clock mostly moves on; a step back now and then (a corrected clock, a test's).
  fc.record({ kind: fc.constant('count' as const), step: fc.integer({ min: -40, max: 120 }) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('the open set', () => {
  it('counts as one pass over the open problems does, whatever the changes (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const set = new OpenSet();
        const model = new Map<string, OpenProblem>();
        let now = 0;
        for (const o of ops) {
          if (o.kind === 'set') {
            const e = { lineage: o.lineage, dueAt: o.dueAt, reportedAt: 0 };
            set.set(o.id, e);
            model.set(o.id, e);
          } else if (o.kind === 'delete') {
            set.delete(o.id);
            model.delete(o.id);
          } else if (o.kind === 'clear') {
            set.clear();
            model.clear();
          } else {
            now += o.step;
            expect(set.counts(now)).toEqual(onePass(model, now));
          }
        }
        expect(set.size).toBe(model.size);
        expect(new Map(set)).toEqual(model);
        expect(set.counts(now + 5000)).toEqual(onePass(model, now + 5000));
      }),
      { seed: 20261128, numRuns: 400 },
    );
  });

  it('counts a problem overdue only once its due time has passed', () => {
    const set = new OpenSet();
    set.set('a', { lineage: ['g1', 'd'], dueAt: 100, reportedAt: 0 });
    expect(set.counts(100).get('d')).toEqual({ open: 1, overdue: 0 });
    expect(set.counts(101).get('d')).toEqual({ open: 1, overdue: 1 });
    set.delete('a');
    expect(set.counts(102).get('d')).toBeUndefined();
  });
});
