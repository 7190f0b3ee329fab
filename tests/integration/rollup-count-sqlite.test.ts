// The roll-up check's worker counts activity grouped in SQL (same region, local day, tenths):
// on a real SQLite file, for any rows, including times on either side of local midnight, the
// groups must give exactly the buckets of counting the rows one by one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBucket } from '../../server/aggregate/day-bucket';
import type { DeltaMap } from '../../server/store/delta-map';
import { countRows } from '../../server/store/rollup-rebuild';
import { openSqliteReader, openSqliteSync } from '../../server/store/sqlite-store';
import { DAY_MS, LOCAL_OFFSET_MS } from '../../shared/local-time';
import { ON_PG, SQLITE_ONLY } from './test-store';

const dir = mkdtempSync(join(tmpdir(), 'rollup-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const regions = {
  lineage: (id: string) => (id === 'X' ? [] : [id, 'C', 'D']),
  fingerprint: '',
};
/** A local midnight, and moments a few ms to a day and a half around it. */
const MIDNIGHT = 20_400 * DAY_MS - LOCAL_OFFSET_MS;
const at = fc.oneof(
  fc.integer({ min: MIDNIGHT - 3, max: MIDNIGHT + 3 }),
  fc.integer({ min: MIDNIGHT - DAY_MS, max: MIDNIGHT + DAY_MS / 2 }),
);
const activity = fc.array(
  fc.record({
    kind: fc.constantFrom('volunteer', 'party', 'visit'),
    regionId: fc.constantFrom('G1', 'G2', 'C', 'X'),
    at,
    tenths: fc.integer({ min: 1, max: 4 }),
  }),
  { maxLength: 60 },
);

const entries = (m: DeltaMap) =>
  [...m]
    .flatMap(([id, days]) => [...days].map(([day, b]) => `${id} ${day} ${encodeBucket(b).join()}`))
    .sort();

describe.skipIf(ON_PG)(`the roll-up count on SQLite (${SQLITE_ONLY})`, () => {
  it('gives the same buckets from activity grouped in SQL as from its rows one by one (fast-check)', () => {
    let n = 0;
    fc.assert(
      fc.property(activity, (rows) => {
        const file = join(dir, `c${n++}.db`);
        const store = openSqliteSync(file);
        store.transaction(() =>
          rows.forEach((a, i) => {
            const base = { id: `a${i}`, regionId: a.regionId, at: a.at };
            if (a.kind === 'volunteer') store.insertVolunteer({ ...base, tenths: a.tenths });
            else if (a.kind === 'party') store.insertPartyReport(base);
            else store.insertStationVisit({ ...base, stationId: 's' });
          }),
        );
        store.close();
        const reader = openSqliteReader(file);
        try {
          const grouped = countRows(reader, regions);
          const oneByOne = countRows({ ...reader, eachActivityGroup: undefined }, regions);
          expect(entries(grouped)).toEqual(entries(oneByOne));
          if (rows.some((a) => a.regionId !== 'X')) expect(grouped.size).toBeGreaterThan(0);
        } finally {
          reader.close();
        }
      }),
      { seed: 20261128, numRuns: 40 },
    );
  });
});
