// Random /api/batch records for comparing the planned path with record by record: problem ids
// from a small pool (so creates repeat and steps hit problems made earlier in the batch, in an
// earlier batch, or never), whole lives, stray steps, idempotency keys, activity of every kind,
// and records the schema, the places or the clock refuse.
import fc from 'fast-check';
import { localIso } from '../../shared/local-time';
import { PROBLEM_CATEGORIES, RATINGS } from '../../shared/protocol';
import { tinyGridIds } from '../fixtures/tiny-dataset';

const GRIDS = tinyGridIds();
const COMMUNITIES = [...new Set(GRIDS.map((g) => g.slice(0, 12)))];
const STATIONS = ['999901001001-S01', '999901002001-S01', 'no-such-station'];
const STAGES = ['called', 'responding', 'handled', 'closed'] as const;
const TIERS = ['grid', 'community', 'street', 'district'] as const;

type Raw = Record<string, unknown>;

/** Records of one batch: problem ids p0…p5, activity ids a0…a3. */
export function batchRecordsArb(now: number): fc.Arbitrary<Raw[]> {
  // Minutes back, so steps come in and out of order; a few times the clock refuses.
  const at = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.integer({ min: 0, max: 120 }).map((m) => localIso(now - m * 60_000)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('2099-01-01T00:00:00+08:00', '1999-01-01T00:00:00+08:00'),
    },
  );
  const maybeAt = fc.option(at, { nil: undefined });
  const pid = fc.integer({ min: 0, max: 5 }).map((i) => `p${i}`);
  const aid = fc.integer({ min: 0, max: 3 }).map((i) => `a${i}`);
  const key = fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined, freq: 4 });
  const place = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...GRIDS).map((gridId) => ({ gridId })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...COMMUNITIES).map((communityId) => ({ communityId })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { gridId: 'nope' },
        {},
        { gridId: GRIDS[0], communityId: COMMUNITIES[3] },
      ),
    },
  );
  const create = fc
    .tuple(pid, fc.constantFrom(...PROBLEM_CATEGORIES), place, maybeAt)
    .map(([id, category, where, reportedAt]) => ({
      type: 'problem',
      data: { id, category, source: 'patrol', ...where, ...(reportedAt ? { reportedAt } : {}) },
    }));
  const transition = fc
    .tuple(
      pid,
      fc.constantFrom(...STAGES),
      fc.option(fc.constantFrom(...TIERS), { nil: undefined }),
      maybeAt,
      key,
    )
    .map(([problemId, stage, tier, t, k]) => ({
      type: 'transition',
      problemId,
      data: { stage, ...(tier ? { tier } : {}), ...(t ? { at: t } : {}) },
      ...(k ? { idempotencyKey: k } : {}),
    }));
  const rating = fc
    .tuple(
      pid,
      fc.oneof(
        fc.constantFrom(...RATINGS).map((r) => ({ rating: r })),
        fc.integer({ min: 1, max: 5 }).map((stars) => ({ stars })),
        fc.constant({}),
      ),
      key,
    )
    .map(([problemId, body, k]) => ({
      type: 'rating',
      problemId,
      data: body,
      ...(k ? { idempotencyKey: k } : {}),
    }));
  /** A problem's whole life in order, as a feed sends it. */
  const life = fc
    .tuple(
      create,
      fc.constantFrom(...TIERS),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
    )
    .map(([c, tier, stars, cut]) => {
      const id = (c.data as { id: string }).id;
      const t = (m: number) => localIso(now - m * 60_000);
      const steps: Raw[] = [
        { type: 'transition', problemId: id, data: { stage: 'called', at: t(100) } },
        { type: 'transition', problemId: id, data: { stage: 'responding', tier, at: t(90) } },
        { type: 'transition', problemId: id, data: { stage: 'handled', at: t(50) } },
        { type: 'transition', problemId: id, data: { stage: 'closed', at: t(40) } },
        { type: 'rating', problemId: id, data: { stars, at: t(30) } },
      ];
      return [{ ...c, data: { ...c.data, reportedAt: t(110) } }, ...steps.slice(0, cut)];
    });
  const region = fc.constantFrom(GRIDS[1]!, COMMUNITIES[0]!, 'nowhere');
  const activity = fc.oneof(
    fc.record({
      type: fc.constant('volunteer'),
      data: fc.record({ id: aid, regionId: region, hours: fc.constantFrom(1, 2.5), at }),
    }),
    fc.record({
      type: fc.constant('party_report'),
      data: fc.record({ id: aid, regionId: region }),
    }),
    fc.record({
      type: fc.constant('station_visit'),
      data: fc.record({ id: aid, stationId: fc.constantFrom(...STATIONS), at }),
    }),
  );
  const invalid = fc.constantFrom<Raw>(
    { type: 'problem', data: { id: 'p0' } },
    { type: 'transition', data: { stage: 'called' } },
    { type: 'volunteer', data: { id: 'a0', regionId: GRIDS[0], hours: 0 } },
    {
      type: 'problem',
      idempotencyKey: 'k1',
      data: { id: 'p1', category: 'environment', source: 'patrol', gridId: GRIDS[0] },
    },
  );
  const one = fc.oneof(
    { weight: 3, arbitrary: create.map((r) => [r as Raw]) },
    { weight: 4, arbitrary: life },
    { weight: 3, arbitrary: transition.map((r) => [r as Raw]) },
    { weight: 2, arbitrary: rating.map((r) => [r as Raw]) },
    { weight: 3, arbitrary: activity.map((r) => [r as Raw]) },
    { weight: 1, arbitrary: invalid.map((r) => [r]) },
  );
  return fc.array(one, { minLength: 1, maxLength: 12 }).map((xs) => xs.flat());
}
