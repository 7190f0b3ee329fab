// A running step is alive while its node stores it: fresh → running (and busy for the other
// nodes), stale → failed as interrupted (its node died), whatever its status said.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IMPORT_STATUSES, type ImportStatus } from '../../shared/admin-api';
import type { ImportDoc } from '../../server/import/import-doc';
import { asStored, runningElsewhere, STALE_MS } from '../../server/import/step-lease';

const NOW = Date.parse('2026-11-28T04:00:00Z');
const RUNNING = ['dry_running', 'importing', 'undoing'];

const doc = (id: string, status: ImportStatus, ageMs?: number): ImportDoc =>
  ({
    id,
    status,
    ...(ageMs === undefined ? {} : { savedAt: new Date(NOW - ageMs).toISOString() }),
  }) as ImportDoc;

describe('asStored', () => {
  it('shows a running step failed exactly when its doc is STALE_MS old or has no time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IMPORT_STATUSES),
        fc.option(fc.integer({ min: 0, max: 10 * STALE_MS }), { nil: undefined }),
        (status, age) => {
          const shown = asStored(doc('imp_a', status, age), NOW);
          const dead = RUNNING.includes(status) && (age === undefined || age >= STALE_MS);
          expect(shown.status).toBe(dead ? 'failed' : status);
          expect(shown.error?.code).toBe(dead ? 'interrupted' : undefined);
        },
      ),
    );
  });
});

describe('runningElsewhere', () => {
  it('finds a fresh running step that is neither this node’s nor the one asked about', () => {
    const docs = [
      doc('imp_old', 'importing', STALE_MS),
      doc('imp_done', 'imported', 0),
      doc('imp_mine', 'dry_running', 0),
      doc('imp_asked', 'undoing', 0),
    ];
    expect(runningElsewhere(docs, NOW, ['imp_mine', 'imp_asked'])).toBeUndefined();
    expect(runningElsewhere(docs, NOW, [null, 'imp_asked'])?.id).toBe('imp_mine');
    expect(
      runningElsewhere([...docs, doc('imp_b', 'importing', STALE_MS - 1)], NOW, [
        'imp_mine',
        'imp_asked',
      ])?.id,
    ).toBe('imp_b');
  });
});
