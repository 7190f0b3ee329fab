import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runFraction } from '../../client/admin/imports/run-progress';
import type { Counts, ImportDoc } from '../../shared/admin-api';

const counts = (accepted: number, rejected: number, duplicates = 0, skippedBlank = 0): Counts => ({
  accepted,
  duplicates,
  skippedBlank,
  rejected: rejected ? { unknown_street: rejected } : {},
});

function doc(dry: Counts, result: Counts | undefined, status: ImportDoc['status'], rate = 0) {
  return {
    status,
    dryRun: { ...dry, sample: [], unmapped: [], columns: {} },
    result: result && { ...result, startedAt: '' },
    // The dry run's bytes stay on the doc until the run's first chunk: they must not count.
    progress: {
      bytesRead: 9,
      bytesTotal: 9,
      rows: 0,
      accepted: 0,
      rejected: 0,
      rowsPerSecond: rate,
      etaSeconds: 0,
    },
  } as unknown as ImportDoc;
}

describe('run progress in rows', () => {
  it('starts at zero whatever the dry run left in progress, ends at the total', () => {
    const dry = counts(900, 90, 5, 5);
    expect(runFraction(doc(dry, counts(0, 0), 'importing'))).toEqual({
      done: 0,
      total: 1000,
      etaSeconds: null,
    });
    expect(runFraction(doc(dry, counts(400, 50), 'importing', 150))).toEqual({
      done: 450,
      total: 1000,
      etaSeconds: 4,
    });
    expect(runFraction(doc(dry, counts(900, 90, 5, 5), 'imported')).done).toBe(1000);
  });

  it('never goes past the total or below zero', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (a, r, extra) => {
        const f = runFraction(doc(counts(a, r), counts(a + extra, r), 'importing', 100));
        expect(f.done).toBeGreaterThanOrEqual(0);
        expect(f.done).toBeLessThanOrEqual(f.total);
      }),
    );
  });
});
