// Random writes for the roll-up and as-of properties: a mix of valid and invalid batch records
// over the tiny dataset, at times spread over the last weeks of a pinned clock.
import fc from 'fast-check';
import { expect } from 'vitest';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../shared/protocol';
import type { Aggregator } from '../../server/aggregate/aggregator';
import { localIso } from '../../server/metrics/time';
import { tinyGridIds } from '../fixtures/tiny-dataset';

const GRIDS = tinyGridIds();
const COMMUNITIES = [...new Set(GRIDS.map((g) => g.split('-')[0]!))];
const STAGES = ['called', 'responding', 'handled', 'closed'] as const;
const TIERS = ['community', 'street', 'district'] as const;

/** Records whose ids come from `serial` (fresh per run) and whose problem ids may repeat. */
export function recordsArb(serial: number, now: number) {
  const at = fc.integer({ min: 0, max: 40 * 86_400_000 }).map((back) => localIso(now - back));
  const pid = fc.integer({ min: 0, max: 11 }).map((i) => `rp-${serial}-${i}`);
  // Mostly a grid; some only a community (未落网格: counted there and in no grid); one in ten
  // names a place the district does not have: rejected, and must change nothing.
  const place = fc.oneof(
    fc.constantFrom(...GRIDS).map((gridId) => ({ gridId })),
    fc.constantFrom(...GRIDS).map((gridId) => ({ gridId })),
    fc.constantFrom(...COMMUNITIES).map((communityId) => ({ communityId })),
    fc.constantFrom({ gridId: 'nope' }, { communityId: 'nope' }),
  );
  const problem = fc.record({
    type: fc.constant('problem'),
    data: fc
      .tuple(
        fc.record({
          id: pid,
          category: fc.constantFrom(...PROBLEM_CATEGORIES),
          source: fc.constantFrom(...PROBLEM_SOURCES),
          reportedAt: at,
        }),
        place,
      )
      .map(([body, where]) => ({ ...body, ...where })),
  });
  const transition = fc.record({
    type: fc.constant('transition'),
    problemId: pid,
    data: fc.record({ stage: fc.constantFrom(...STAGES), tier: fc.constantFrom(...TIERS), at }),
  });
  const rating = fc.record({
    type: fc.constant('rating'),
    problemId: pid,
    data: fc.record({ stars: fc.integer({ min: 1, max: 5 }), at }),
  });
  const volunteer = fc.record({
    type: fc.constant('volunteer'),
    data: fc.record({
      id: fc.uuid(),
      regionId: fc.constantFrom(...GRIDS.map((g) => g.slice(0, 12))),
      hours: fc.integer({ min: -1, max: 8 }),
      at,
    }),
  });
  const party = fc.record({
    type: fc.constant('party_report'),
    data: fc.record({ id: fc.uuid(), regionId: fc.constantFrom(...GRIDS), at }),
  });
  return fc.array(
    fc.oneof(problem, problem, transition, transition, transition, rating, volunteer, party),
    {
      minLength: 1,
      maxLength: 40,
    },
  );
}

/** Every figure a screen shows for every region: windows, trend, open and overdue. */
export function expectSameFigures(actual: Aggregator, expected: Aggregator, label: string): void {
  for (const id of expected.index.regions.keys()) {
    expect(actual.windows(id), `${label} windows ${id}`).toEqual(expected.windows(id));
    expect(actual.trend(id), `${label} trend ${id}`).toEqual(expected.trend(id));
    expect(actual.current(id), `${label} current ${id}`).toEqual(expected.current(id));
  }
}
