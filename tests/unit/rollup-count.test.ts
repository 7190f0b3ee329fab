// The roll-up check's fast count must give exactly the buckets of the plain rule (every row into
// every region of its lineage, contribution.ts), and its streaming comparison with the stored
// rows exactly compareCounts' answer: the check's list of differences may not change.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import { contributeActivity, contributeProblem } from '../../server/aggregate/contribution';
import {
  decodeBucket,
  emptyBucket,
  encodeBucket,
  isEncodingOf,
  sameBucket,
  SCALARS,
  type DayBucket,
} from '../../server/aggregate/day-bucket';
import { bucketIn, type DeltaMap } from '../../server/store/delta-map';
import type { ProblemFacts, VolunteerRecord } from '../../server/store/records';
import {
  compareCounts,
  compareStored,
  countRows,
  countRowsOf,
  type RowSource,
} from '../../server/store/rollup-rebuild';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00+08:00');
/** A district, two streets, communities and grids; 'X' is a place outside the tree. */
const PARENT: Record<string, string | undefined> = {
  D: undefined,
  S1: 'D',
  S2: 'D',
  C1: 'S1',
  C2: 'S1',
  C3: 'S2',
  G1: 'C1',
  G2: 'C1',
  G3: 'C2',
  G4: 'C3',
};
function lineageOf(id: string): string[] {
  const l: string[] = [];
  for (let cur: string | undefined = id; cur && cur in PARENT; cur = PARENT[cur]) l.push(cur);
  return l;
}
const tree = { lineage: lineageOf, fingerprint: '' };
/** Not a tree (a grid counted into a street it does not descend from): the count's slow path. */
const notTree = {
  lineage: (id: string) => (id === 'G4' ? ['G4', 'C3', 'S1', 'D'] : lineageOf(id)),
  fingerprint: '',
};
const PLACES = [...Object.keys(PARENT), 'X'];

const time = fc.integer({ min: T0, max: T0 + 20 * DAY });
const problem: fc.Arbitrary<ProblemFacts> = fc
  .record({
    placeId: fc.constantFrom(...PLACES),
    category: fc.constantFrom(...PROBLEM_CATEGORIES),
    source: fc.constantFrom(...PROBLEM_SOURCES),
    tier: fc.option(fc.constantFrom(...RESPONSE_TIERS), { nil: null }),
    reportedAt: time,
    handling: fc.option(fc.integer({ min: 0, max: 30 * DAY }), { nil: null }),
    due: fc.integer({ min: 0, max: 5 * DAY }),
    rating: fc.option(fc.constantFrom(...RATINGS), { nil: null }),
    ratedAt: fc.option(time, { nil: null }),
  })
  .map(({ handling, due, ...p }) => ({
    ...p,
    closedAt: handling === null ? null : p.reportedAt + handling,
    dueAt: p.reportedAt + due,
  }));
const activity = fc.record({
  kind: fc.constantFrom('volunteer', 'party', 'visit'),
  regionId: fc.constantFrom(...PLACES),
  at: time,
  tenths: fc.integer({ min: 1, max: 40 }),
});
type Activity = { kind: string; regionId: string; at: number; tenths: number };
const rows = fc.record({
  problems: fc.array(problem, { maxLength: 40 }),
  activity: fc.array(activity, { maxLength: 40 }),
});

function sourceOf(r: { problems: ProblemFacts[]; activity: Activity[] }): RowSource {
  const of = (kind: string) => r.activity.filter((a) => a.kind === kind);
  const volunteer = (a: Activity): VolunteerRecord => ({ id: 'v', ...a });
  return {
    eachProblem: (fn) => r.problems.forEach((p) => fn(p)),
    eachVolunteer: (_since, fn) => of('volunteer').forEach((a) => fn(volunteer(a))),
    eachPartyReport: (_since, fn) => of('party').forEach((a) => fn({ id: 'p', ...a })),
    eachStationVisit: (_since, fn) =>
      of('visit').forEach((a) => fn({ id: 's', stationId: 'st', ...a })),
  };
}

/** The plain rule: each row into every region of its lineage, one after the other. */
function plainCount(
  r: { problems: ProblemFacts[]; activity: Activity[] },
  lineage: (id: string) => string[],
): DeltaMap {
  const m: DeltaMap = new Map();
  const bucket = (id: string, day: number) => bucketIn(m, id, day);
  for (const p of r.problems) contributeProblem(lineage(p.placeId), p, 1, bucket);
  for (const a of r.activity) {
    const l = lineage(a.regionId);
    if (a.kind === 'volunteer')
      contributeActivity(l, { kind: 'volunteer', record: { id: 'v', ...a } }, 1, bucket);
    else if (a.kind === 'party')
      contributeActivity(l, { kind: 'party', record: { id: 'p', ...a } }, 1, bucket);
    else
      contributeActivity(
        l,
        { kind: 'visit', record: { id: 's', stationId: 'st', ...a } },
        1,
        bucket,
      );
  }
  return m;
}

/** A DeltaMap as sorted [region, day, encoded bucket] entries: equal maps, equal lists. */
const entries = (m: DeltaMap) =>
  [...m]
    .flatMap(([id, days]) => [...days].map(([day, b]) => [id, day, encodeBucket(b)] as const))
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));

/** Stored rows as the table holds them, in its own order. */
const storedRows = (m: DeltaMap) =>
  entries(m).map(([id, day, counts]) => [id, day, JSON.stringify(counts)] as const);

describe('the roll-up count', () => {
  it('gives exactly the buckets of counting each row into every region of its lineage (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (r) => {
        for (const regions of [tree, notTree]) {
          const plain = entries(plainCount(r, regions.lineage));
          expect(entries(countRows(sourceOf(r), regions))).toEqual(plain);
          const src = sourceOf(r);
          const async = {
            eachProblem: async (fn: (p: ProblemFacts) => void) => src.eachProblem(fn),
            eachVolunteer: async (s: number, fn: (v: VolunteerRecord) => void) =>
              src.eachVolunteer(s, fn),
            eachPartyReport: async (...a: Parameters<RowSource['eachPartyReport']>) =>
              src.eachPartyReport(...a),
            eachStationVisit: async (...a: Parameters<RowSource['eachStationVisit']>) =>
              src.eachStationVisit(...a),
          };
          expect(entries(await countRowsOf(async, regions))).toEqual(plain);
        }
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('counts a problem with all its days: reported, closed (on time, handling hours) and rated', () => {
    const p: ProblemFacts = {
      placeId: 'G1',
      category: PROBLEM_CATEGORIES[0],
      source: PROBLEM_SOURCES[0],
      tier: 'grid',
      reportedAt: T0 + 3_600_000,
      closedAt: T0 + DAY + 3_600_000,
      dueAt: T0 + 2 * DAY,
      rating: 'satisfied',
      ratedAt: T0 + 2 * DAY + 60_000,
    };
    const src = sourceOf({ problems: [p], activity: [] });
    const m = countRows(src, tree);
    expect([...m.keys()].sort()).toEqual(['C1', 'D', 'G1', 'S1']);
    const days = [...m.get('D')!.keys()];
    expect(days).toHaveLength(3);
    const [reported, closed, rated] = days.map((d) => m.get('D')!.get(d)!);
    expect([reported!.reported, reported!.reportedClosed, reported!.tiers[0]]).toEqual([1, 1, 1]);
    expect([closed!.solved, closed!.solvedOnTime, [...closed!.hist.values()]]).toEqual([1, 1, [1]]);
    expect([rated!.ratings, rated!.satisfied]).toEqual([1, 1]);
  });
});

/** Two counts that differ a little: some buckets changed, dropped or added. */
const pair = rows.chain((r) =>
  fc.record({
    a: fc.constant(r),
    b: fc.subarray(r.problems),
    extra: fc.array(problem, { maxLength: 3 }),
  }),
);

describe('the streaming comparison with the stored rows', () => {
  it('finds exactly the regions compareCounts finds (fast-check)', () => {
    fc.assert(
      fc.property(pair, ({ a, b, extra }) => {
        const counted = countRows(sourceOf(a), tree);
        const stored = countRows(
          sourceOf({ problems: [...b, ...extra], activity: a.activity }),
          tree,
        );
        const rowsOf = storedRows(stored);
        const each = (fn: (id: string, day: number, counts: string) => void) =>
          rowsOf.forEach(([id, day, counts]) => fn(id, day, counts));
        expect(compareStored(counted, each)).toEqual(compareCounts(counted, stored));
        // In any order of the rows: here a region's days apart from each other.
        const mixed = [...rowsOf].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? 1 : -1));
        expect(compareStored(counted, (fn) => mixed.forEach((x) => fn(...x)))).toEqual(
          compareCounts(counted, stored),
        );
        expect(
          compareStored(counted, (fn) => storedRows(counted).forEach((x) => fn(...x))),
        ).toEqual({ differing: [], buckets: 2 * entries(counted).length });
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('reads a stored row not in encodeBucket form (bins out of order, a zero bin, an empty row) by its counts', () => {
    const b = emptyBucket();
    b.solved = 2;
    b.hist.set(3, 1).set(9, 1);
    const counted: DeltaMap = new Map([['G1', new Map([[100, b]])]]);
    const canonical = encodeBucket(b);
    const swapped = [...canonical.slice(0, -4), 9, 1, 3, 1];
    const each =
      (rowsIn: Array<[string, number, number[]]>) =>
      (fn: (id: string, day: number, c: string) => void) =>
        rowsIn.forEach(([id, day, c]) => fn(id, day, JSON.stringify(c)));
    // The same counts, written in another order: no difference.
    expect(compareStored(counted, each([['G1', 100, swapped]])).differing).toEqual([]);
    // An empty stored row where nothing was counted: no difference; a zero bin is a count of its own.
    const empty = encodeBucket(emptyBucket());
    expect(
      compareStored(
        counted,
        each([
          ['G1', 100, canonical],
          ['C1', 5, empty],
        ]),
      ).differing,
    ).toEqual([]);
    expect(compareStored(counted, each([['G1', 100, [...canonical, 20, 0]]])).differing).toEqual([
      'G1',
    ]);
    // A repeated bin is not the bucket's two bins.
    expect(
      compareStored(counted, each([['G1', 100, [...canonical.slice(0, -4), 3, 1, 3, 1]]]))
        .differing,
    ).toEqual(['G1']);
    // A row missing, and a counted bucket with no stored row.
    expect(compareStored(counted, each([])).differing).toEqual(['G1']);
  });
});

const bucket: fc.Arbitrary<DayBucket> = fc
  .record({
    n: fc.array(fc.integer({ min: -2, max: 3 }), {
      minLength: SCALARS.length,
      maxLength: SCALARS.length,
    }),
    tiers: fc.array(fc.nat(3), {
      minLength: RESPONSE_TIERS.length,
      maxLength: RESPONSE_TIERS.length,
    }),
    hist: fc.array(fc.tuple(fc.nat(250), fc.integer({ min: 1, max: 3 })), { maxLength: 5 }),
  })
  .map(({ n, tiers, hist }) => {
    const b = emptyBucket();
    SCALARS.forEach((k, i) => (b[k] = n[i]!));
    b.tiers = tiers;
    b.categories[n[0]! & 3] = n[1]!;
    for (const [bin, c] of hist) b.hist.set(bin, c);
    return b;
  });

describe('bucket equality', () => {
  it("an empty bucket has one zero per tier, category and source of the protocol's lists", () => {
    const b = emptyBucket();
    expect([b.tiers, b.categories, b.sources]).toEqual(
      [RESPONSE_TIERS, PROBLEM_CATEGORIES, PROBLEM_SOURCES].map((list) => list.map(() => 0)),
    );
    // Each bucket its own lists: adding to one leaves the next empty.
    b.tiers[0]! += 1;
    expect(emptyBucket().tiers[0]).toBe(0);
  });

  it('sameBucket and isEncodingOf say what equal encodings say (fast-check)', () => {
    fc.assert(
      fc.property(bucket, bucket, (x, y) => {
        const same = JSON.stringify(encodeBucket(x)) === JSON.stringify(encodeBucket(y));
        expect(sameBucket(x, y)).toBe(same);
        expect(isEncodingOf(JSON.stringify(encodeBucket(y)), x)).toBe(same);
        expect(sameBucket(decodeBucket(encodeBucket(x)), x)).toBe(true);
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });

  /** Texts near a bucket's encoding: another bucket's, one character changed or added, any array. */
  const nearText = (b: DayBucket) => {
    const own = JSON.stringify(encodeBucket(b));
    const char = fc.constantFrom(...'0123456789,[]- .e');
    return fc.oneof(
      fc.constant(own),
      bucket.map((y) => JSON.stringify(encodeBucket(y))),
      fc
        .record({ at: fc.nat(own.length), c: char, replace: fc.boolean() })
        .map(({ at, c, replace }) => own.slice(0, at) + c + own.slice(at + (replace ? 1 : 0))),
      fc
        .array(fc.oneof(fc.integer({ min: -3, max: 300 }), fc.maxSafeInteger()), {
          maxLength: 40,
        })
        .map((a) => JSON.stringify([...encodeBucket(b).slice(0, 27), ...a])),
    );
  };

  it('isEncodingOf reads true exactly for the text JSON.stringify(encodeBucket(b)) (fast-check)', () => {
    fc.assert(
      fc.property(
        bucket.chain((b) => fc.tuple(fc.constant(b), nearText(b))),
        ([b, text]) => {
          expect(isEncodingOf(text, b)).toBe(text === JSON.stringify(encodeBucket(b)));
        },
      ),
      { seed: 20261128, numRuns: 2000 },
    );
    // Not the exact form, though JSON.parse reads the same counts: false (the caller parses it).
    const b = emptyBucket();
    b.hist.set(3, 1);
    const own = JSON.stringify(encodeBucket(b));
    expect(isEncodingOf(own, b)).toBe(true);
    expect(isEncodingOf(own.replace('[0,', '[ 0,'), b)).toBe(false);
    expect(isEncodingOf(own.replace('[0,', '[-0,'), b)).toBe(false);
    expect(isEncodingOf(own.replace(',3,1]', ',3.0,1]'), b)).toBe(false);
    expect(isEncodingOf(own + ' ', b)).toBe(false);
  });
});
