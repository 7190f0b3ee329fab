// Long main-thread work in turns (loop-turns.ts): a bulk part's plan lets the event loop run once
// it has held it its share, and a plan made in the smallest turns is the plan made in one go.
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegionIndex } from '../../server/aggregate/region-index';
import { loadValidDataset } from '../../server/dataset/load-valid';
import { planWhole } from '../../server/ingest/batch-planned';
import { loopTurns } from '../../server/ingest/loop-turns';
import type { RuleDeps } from '../../server/ingest/problem-rules';
import { batchRecordsArb } from '../integration/batch-records-arb';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';

const NOW = Date.parse('2026-06-15T12:00:00+08:00');
let dir: string;
let deps: RuleDeps;
beforeAll(async () => {
  dir = await tinyDatasetDir();
  deps = { index: buildRegionIndex(await loadValidDataset(dir)), now: () => NOW };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const busy = (ms: number) => {
  const t0 = performance.now();
  while (performance.now() - t0 < ms);
};

describe('loopTurns', () => {
  it('is due once the turn has held the loop its share, and a turn lets the loop run', async () => {
    // A share far above any pause of a busy CI machine between two lines of this test.
    const turns = loopTurns(200);
    expect(turns.due()).toBe(false);
    busy(210);
    expect(turns.due()).toBe(true);
    let ran = false;
    setImmediate(() => (ran = true));
    await turns.turn();
    expect(ran).toBe(true);
    expect(turns.due()).toBe(false);
  });
});

describe('planWhole in turns', () => {
  it('lets the loop run between records, and plans the same as in one go', async () => {
    let wholePlans = 0;
    await fc.assert(
      fc.asyncProperty(batchRecordsArb(NOW), async (records) => {
        const once = await planWhole(deps, records, 7, loopTurns(Infinity));
        // Work queued on the loop meanwhile (as a socket's or a request's would be) runs
        // between records, not after the whole plan.
        let turnsSeen = 0;
        let planning = true;
        const other = () => {
          if (!planning) return;
          turnsSeen++;
          setImmediate(other);
        };
        setImmediate(other);
        const inTurns = await planWhole(deps, records, 7, loopTurns(0));
        planning = false;
        expect(inTurns).toEqual(once);
        // A plan stops at the first record it leaves to the single ops (null).
        if (once) {
          wholePlans++;
          expect(turnsSeen).toBeGreaterThanOrEqual(records.length - 1);
        }
      }),
      { numRuns: 100, seed: 2026_11_29 },
    );
    expect(wholePlans).toBeGreaterThan(10);
  });
});
