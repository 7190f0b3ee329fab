// Random store calls as data, and one interpreter each for the synchronous SQLite Store and an
// Store: the same sequence run against both must log the same answers. Answers whose order
// the contract leaves open (eachProblem, Map entries) are put in one order before logging.
import fc from 'fast-check';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import { encodeBucket, type DayBucket } from '../../server/aggregate/day-bucket';
import type {
  Store,
  ProblemEventRecord,
  ProblemRecord,
  SyncStore,
} from '../../server/store/records';
import type { RollupRegions } from '../../server/store/rollup-deltas';

export const T0 = Date.parse('2026-11-20T00:00:00+08:00');
const DAY = 86_400_000;

/** Grids G1, G2 in community C1; community C2 (a problem placed on a community); district D. */
export const REGIONS: RollupRegions = {
  lineage: (id) => (id === 'C2' ? ['C2', 'D'] : id.startsWith('G') ? [id, 'C1', 'D'] : []),
  fingerprint: 'pg-contract-1',
};

// Ids that a language collation orders unlike bytes ('SIM-a1' < 'SIM-B1' in en-US, not in C):
// the test database sorts by en-US, and the store's orders and ranges must still be SQLite's.
const PIDS = ['P1', 'P2', 'p1', 'Pé', 'SIM-p1', 'SIM-P2', 'SIM-张'];
const AIDS = ['A1', 'a1', 'SIM-a1', 'SIM-B1', 'SIM-é'];
const time = fc.integer({ min: 0, max: 5 * DAY }).map((t) => T0 + t);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const problemArb: fc.Arbitrary<ProblemRecord> = fc
  .record({
    id: fc.constantFrom(...PIDS),
    category: fc.constantFrom(...PROBLEM_CATEGORIES),
    source: fc.constantFrom(...PROBLEM_SOURCES),
    placeId: fc.constantFrom('G1', 'G2', 'C2'),
    position: fc.tuple(
      fc.double({ min: 103.9, max: 104.2, noNaN: true }),
      fc.double({ min: 30.6, max: 30.9, noNaN: true }),
    ),
    stage: fc.constantFrom(...PROBLEM_STAGES),
    tier: maybe(fc.constantFrom(...RESPONSE_TIERS)),
    reportedAt: time,
    after: fc.array(maybe(fc.integer({ min: 0, max: 2 * DAY })), { minLength: 5, maxLength: 5 }),
    dueIn: fc.integer({ min: 3_600_000, max: 3 * DAY }),
    rating: maybe(fc.constantFrom(...RATINGS)),
    description: maybe(fc.string({ maxLength: 8 })),
    reporterName: maybe(fc.constantFrom('张三', "O'Brien")),
    reporterPhone: maybe(fc.constant('13800000000')),
  })
  .map(({ after, dueIn, ...p }) => {
    const at = (d: number | null) => (d === null ? null : p.reportedAt + d);
    return {
      ...p,
      calledAt: at(after[0]!),
      respondedAt: at(after[1]!),
      handledAt: at(after[2]!),
      closedAt: at(after[3]!),
      ratedAt: at(after[4]!),
      dueAt: p.reportedAt + dueIn,
    };
  });

const eventArb = (pid: fc.Arbitrary<string>): fc.Arbitrary<ProblemEventRecord> =>
  fc
    .record({
      problemId: pid,
      kind: fc.constantFrom('reported', 'called', 'escalated', 'handled', 'closed', 'rated'),
      stage: fc.constantFrom(...PROBLEM_STAGES),
      tier: maybe(fc.constantFrom(...RESPONSE_TIERS)),
      rating: maybe(fc.constantFrom(...RATINGS)),
      at: time,
      n: fc.integer({ min: 1, max: 6 }),
      escalation: fc.boolean(),
    })
    .map(({ n, escalation, ...e }) => ({
      ...e,
      // Escalations carry the id shape tiersAt looks for.
      ...(escalation && e.tier
        ? { id: `${e.problemId}:${e.kind}:responding:${e.tier}`, stage: 'responding' as const }
        : { id: `E${n}` }),
    }));

export type Cmd = { m: string; a: unknown[] } | { tx: Cmd[]; throws: boolean };

const c = (m: string, ...a: fc.Arbitrary<unknown>[]): fc.Arbitrary<Cmd> =>
  fc.tuple(...a).map((args) => ({ m, a: args }));
const aid = fc.constantFrom(...AIDS);
const region = fc.constantFrom('G1', 'G2', 'C2');
const scope = fc.record({
  route: fc.constantFrom('transition' as const, 'rating' as const),
  problemId: fc.constantFrom('P1', 'P:2'),
  key: fc.constantFrom('k', 'k:1'),
});
const kind = fc.constantFrom('volunteer' as const, 'party' as const, 'visit' as const);
const pid = fc.constantFrom(...PIDS, 'P9');
const smallInt = fc.integer({ min: 0, max: 6 });

/** Activity of any kind, as insertMany takes it. */
const activityArb = fc.oneof(
  fc
    .record({ id: aid, regionId: region, tenths: smallInt, at: time })
    .map((record) => ({ kind: 'volunteer' as const, record })),
  fc
    .record({ id: aid, regionId: region, at: time })
    .map((record) => ({ kind: 'party' as const, record })),
  fc
    .record({ id: aid, stationId: fc.constantFrom('S1', 'S2'), regionId: region, at: time })
    .map((record) => ({ kind: 'visit' as const, record })),
);

/**
 * A bulk call: ids from the same small pools, so some are stored already and some come twice in
 * one call (loose events name them too); free text with the characters COPY's text format escapes (tab, newline, backslash).
 */
const bulkArb = fc.record({
  problems: fc.array(
    fc.record({
      p: fc
        .tuple(problemArb, maybe(fc.constantFrom('a\tb', 'x\\N', '\\N', 'c\r\nd', 'é\t张')))
        .map(([p, d]) => (d === null ? p : { ...p, description: d })),
      events: fc.array(eventArb(pid), { maxLength: 3 }),
    }),
    { maxLength: 5 },
  ),
  // Loose event-log rows (a planned batch's steps): kept only for a problem the call stored.
  events: fc.array(eventArb(pid), { maxLength: 4 }),
  activity: fc.array(activityArb, { maxLength: 8 }),
});

const plain: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: c('insertMany', bulkArb) },
  { weight: 6, arbitrary: c('insertProblem', problemArb, maybe(eventArb(pid))) },
  { weight: 6, arbitrary: c('updateProblem', problemArb, eventArb(pid)) },
  c('insertEvent', eventArb(pid)),
  {
    weight: 2,
    arbitrary: c(
      'insertVolunteer',
      fc.record({ id: aid, regionId: region, tenths: smallInt, at: time }),
    ),
  },
  {
    weight: 2,
    arbitrary: c('insertPartyReport', fc.record({ id: aid, regionId: region, at: time })),
  },
  {
    weight: 2,
    arbitrary: c(
      'insertStationVisit',
      fc.record({ id: aid, stationId: fc.constantFrom('S1', 'S2'), regionId: region, at: time }),
    ),
  },
  c('getProblem', pid),
  c('eachProblem'),
  c('eachVolunteer', time),
  c('eachPartyReport', time),
  c('eachStationVisit', time),
  c('tiersAt', time),
  c('recentEvents', smallInt, fc.option(time, { nil: undefined })),
  c('positionsSince', time),
  c(
    'putIdempotent',
    scope,
    fc.constantFrom('h1', 'h2'),
    fc.record({ status: fc.constantFrom(200, 409), body: fc.jsonValue({ maxDepth: 2 }) }),
    time,
  ),
  c('getIdempotent', scope),
  c('sweepIdempotent', time),
  c('setMeta', fc.constantFrom('a', 'b'), fc.string({ maxLength: 4 })),
  c('getMeta', fc.constantFrom('a', 'b', 'c')),
  c(
    'putToken',
    fc.constantFrom('h1', 'h2', 'h3'),
    fc.constantFrom('admin', 'screen'),
    fc.constantFrom('L1', 'L2'),
  ),
  c('dropTokens', fc.constantFrom('L1', 'L2')),
  c('tokenScope', fc.constantFrom('h1', 'h2', 'h3')),
  c('openProblems'),
  c('problemsChangedAfter', time, fc.integer({ min: 1, max: 3 })),
  c('activityAfter', kind, time, fc.integer({ min: 1, max: 3 })),
  c(
    'eachRollup',
    time.map((t) => Math.floor(t / DAY) - 1),
    fc.integer({ min: 0, max: 7 }),
  ),
  c(
    'eachRollupOf',
    fc.constantFrom('G1', 'C1', 'D'),
    time.map((t) => Math.floor(t / DAY) - 2),
    fc.integer({ min: 0, max: 7 }),
  ),
  c('firstReportedAt'),
  c(
    'consoleTokens.create',
    fc.record({
      id: fc.constantFrom('t1', 't2'),
      name: fc.constant('n'),
      scope: fc.constantFrom('admin' as const, 'import' as const),
      hash: fc.constantFrom('x1', 'x2', 'x3'),
      at: time,
    }),
  ),
  c('consoleTokens.list'),
  c('consoleTokens.revoke', fc.constantFrom('t1', 't2'), time),
  c('consoleTokens.use', fc.constantFrom('x1', 'x2', 'x3'), time),
  c(
    'imports.putImport',
    fc.record({
      id: fc.constantFrom('I1', 'I2'),
      source: fc.constantFrom('s1', 's2'),
      createdAt: time,
      status: fc.constantFrom('done', 'undone'),
      doc: fc.constant('{}'),
    }),
  ),
  c('imports.getImport', fc.constantFrom('I1', 'I2', 'I3')),
  c('imports.listImports', fc.integer({ min: 1, max: 3 })),
  c('imports.link', fc.constantFrom('I1', 'I2'), fc.uniqueArray(pid, { maxLength: 3 })),
  c('imports.linkedProblems', fc.constantFrom('I1', 'I2'), fc.constant(50)),
  { weight: 2, arbitrary: c('imports.deleteProblems', fc.array(pid, { maxLength: 3 })) },
  c('imports.putMapping', fc.constantFrom('s1', 's2'), fc.constantFrom('{}', '{"a":1}'), time),
  c('imports.getMapping', fc.constantFrom('s1', 's2', 's3')),
  c('imports.listMappings'),
  c('simulated.counts'),
  c('simulated.purgePage', fc.integer({ min: 1, max: 3 })),
);

const txArb = (inner: fc.Arbitrary<Cmd>): fc.Arbitrary<Cmd> =>
  fc.record({ tx: fc.array(inner, { maxLength: 5 }), throws: fc.boolean() });

export const commandsArb: fc.Arbitrary<Cmd[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: plain },
    txArb(fc.oneof({ weight: 4, arbitrary: plain }, txArb(plain))),
  ),
  { minLength: 5, maxLength: 40 },
);

class Rollback extends Error {}

const ALL_DAYS: [number, number] = [-(2 ** 31), 2 ** 31 - 1];
const EACH = new Set(['eachProblem', 'eachVolunteer', 'eachPartyReport', 'eachStationVisit']);

/** One call's answer in a form both stores give alike. */
function normal(m: string, r: unknown, rows: unknown[]): unknown {
  const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
  if (m === 'eachProblem') return [...(rows as ProblemRecord[])].sort(byId);
  if (EACH.has(m) || m.startsWith('eachRollup')) return rows;
  if (r instanceof Map) return [...r].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  if (m === 'openProblems' || m === 'imports.linkedProblems')
    return [...(r as ProblemRecord[])].sort(byId);
  return r === undefined ? null : r;
}

const bucketRow =
  (rows: unknown[]) =>
  (...a: unknown[]) => {
    const b = a.at(-1) as DayBucket;
    rows.push([...a.slice(0, -1), encodeBucket(b)]);
  };

function argsOf(m: string, a: unknown[], rows: unknown[]): unknown[] {
  if (EACH.has(m)) return [...a, (x: unknown) => rows.push(x)];
  if (m === 'eachRollup') return [a[0], (a[0] as number) + (a[1] as number), bucketRow(rows)];
  if (m === 'eachRollupOf')
    return [a[0], a[1], (a[1] as number) + (a[2] as number), bucketRow(rows)];
  return a;
}

function method(s: object, m: string): (...a: unknown[]) => unknown {
  const [head, tail] = m.split('.');
  const owner = (tail ? (s as Record<string, object>)[head!] : s) as Record<string, unknown>;
  return (owner[tail ?? head!] as (...a: unknown[]) => unknown).bind(owner);
}

/** Keyset walks: every page of a problemsChangedAfter / activityAfter pass, in order. */
function pagedCall(
  m: string,
): ((page: (after: number[] | null) => { rows: unknown[]; next: number[] }) => unknown) | null {
  if (m !== 'problemsChangedAfter' && m !== 'activityAfter') return null;
  return (page) => {
    const pages: unknown[] = [];
    let after: number[] | null = null;
    for (let i = 0; i < 50; i++) {
      const r = page(after);
      // The rid half of `next` is each store's own row id: only the time half is compared.
      pages.push([r.rows, r.next[0]]);
      if (r.rows.length === 0) break;
      after = r.next;
    }
    return pages;
  };
}

export function runSync(s: SyncStore, cmds: Cmd[], log: unknown[], inTx = false): void {
  for (const cmd of cmds) {
    if ('tx' in cmd) {
      try {
        s.transaction(() => {
          runSync(s, cmd.tx, log, true);
          if (cmd.throws) throw new Rollback();
        });
        log.push('committed');
      } catch {
        log.push('error');
      }
      continue;
    }
    try {
      const rows: unknown[] = [];
      const f = method(s, cmd.m);
      const walk = pagedCall(cmd.m);
      const r = walk
        ? walk((after) => {
            const a = [...cmd.a];
            a.splice(a.length - 1, 0, after);
            return f(...a) as { rows: unknown[]; next: number[] };
          })
        : f(...argsOf(cmd.m, cmd.a, rows));
      log.push(normal(cmd.m, r, rows));
    } catch (err) {
      log.push('error');
      if (inTx) throw err;
    }
  }
}

export async function runAsync(s: Store, cmds: Cmd[], log: unknown[], inTx = false): Promise<void> {
  for (const cmd of cmds) {
    if ('tx' in cmd) {
      try {
        await s.transaction(async (tx) => {
          await runAsync(tx, cmd.tx, log, true);
          if (cmd.throws) throw new Rollback();
        });
        log.push('committed');
      } catch {
        log.push('error');
      }
      continue;
    }
    try {
      const rows: unknown[] = [];
      const f = method(s, cmd.m) as (...a: unknown[]) => Promise<unknown>;
      const walk = pagedCall(cmd.m);
      let r: unknown;
      if (walk) {
        // The walk is synchronous in shape: fetch page by page, then replay the answers.
        const answers: Array<{ rows: unknown[]; next: number[] }> = [];
        let after: number[] | null = null;
        for (let i = 0; i < 50; i++) {
          const a = [...cmd.a];
          a.splice(a.length - 1, 0, after);
          const p = (await f(...a)) as { rows: unknown[]; next: number[] };
          answers.push(p);
          if (p.rows.length === 0) break;
          after = p.next;
        }
        let i = 0;
        r = walk(() => answers[i++]!);
      } else r = await f(...argsOf(cmd.m, cmd.a, rows));
      log.push(normal(cmd.m, r, rows));
    } catch (err) {
      log.push('error');
      if (inTx) throw err;
    }
  }
}

/** Everything both stores hold, read back in full (the end-of-sequence comparison). */
export const DUMP: Cmd[] = [
  { m: 'eachProblem', a: [] },
  { m: 'eachVolunteer', a: [0] },
  { m: 'eachPartyReport', a: [0] },
  { m: 'eachStationVisit', a: [0] },
  { m: 'eachRollup', a: [ALL_DAYS[0], ALL_DAYS[1] - ALL_DAYS[0]] },
  { m: 'recentEvents', a: [1000] },
  { m: 'tiersAt', a: [T0 + 2 * DAY] },
  { m: 'positionsSince', a: [0] },
  { m: 'openProblems', a: [] },
  { m: 'firstReportedAt', a: [] },
  { m: 'problemsChangedAfter', a: [0, 2] },
  { m: 'activityAfter', a: ['volunteer', 0, 2] },
  { m: 'activityAfter', a: ['party', 0, 2] },
  { m: 'activityAfter', a: ['visit', 0, 2] },
  { m: 'consoleTokens.list', a: [] },
  { m: 'imports.listImports', a: [10] },
  { m: 'imports.listMappings', a: [] },
  { m: 'simulated.counts', a: [] },
];
