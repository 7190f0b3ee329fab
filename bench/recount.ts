// `npm run bench:recount`: the roll-up check (POST /api/admin/recount and the nightly timer: a
// worker counts every stored row and compares with the roll-ups) at RECOUNT_N problems, on
// SQLite. The database is built once per size in RECOUNT_DIR (recount-db.ts) and kept, so a
// second run only times the check. BENCH_BASELINE_ROOT times another checkout's check on the same
// file, its runs alternating with this one's, so both see the machine's load of the same minutes.
// RECOUNT_STORE=pg times the check as a PostgreSQL server runs it (a worker thread with a
// connection of its own, one REPEATABLE READ transaction) on a database of this machine's
// PostgreSQL named for the size, kept like the file (scb_test_k… of key bench-recount-N).
// Prints a table with the goal beside each figure and writes bench/results/recount[-pg].json.
//
//   npm run bench:recount                                   # 1M problems (built once: ~1 min)
//   RECOUNT_N=300000 RECOUNT_RUNS=5 npm run bench:recount
//   BENCH_BASELINE_ROOT=/path/to/other/checkout npm run bench:recount
//   RECOUNT_STORE=pg RECOUNT_N=200000 npm run bench:recount
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildRegionIndex } from '../server/aggregate/region-index';
import { rollupRegions } from '../server/aggregate/startup';
import { openPgStore } from '../server/store/pg/pg-store';
import type { CheckedStore, RollupCheck } from '../server/store/rollup-check';
import { createTestDatabase } from '../tests/integration/pg-db';
import { datasetOf, fillStore, recountDb, type RecountRows } from './recount-db';

const root = resolve(import.meta.dirname, '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  problems: num('RECOUNT_N', 1_000_000),
  runs: num('RECOUNT_RUNS', 3),
  dir: resolve(process.env.RECOUNT_DIR ?? join(tmpdir(), 'bench-recount')),
  baseline: process.env.BENCH_BASELINE_ROOT ? resolve(process.env.BENCH_BASELINE_ROOT) : null,
  store: process.env.RECOUNT_STORE === 'pg' ? 'pg' : 'sqlite',
};
const GOAL = { seconds: 5, loopMs: 50 };

type Check = () => Promise<RollupCheck>;
interface CheckModule {
  checkRollups(
    db: CheckedStore,
    lineages: Array<[string, readonly string[]]>,
  ): Promise<RollupCheck>;
}
const moduleOf = async (tree: string) =>
  (await import(join(tree, 'server/store/rollup-check.ts'))) as CheckModule;

/** The longest gap between turns of this (the server's) event loop while `work` runs. */
async function loopMaxDuring<T>(work: () => Promise<T>): Promise<{ value: T; loopMs: number }> {
  let loopMax = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    loopMax = Math.max(loopMax, now - last);
    last = now;
  }, 5);
  const value = await work();
  clearInterval(probe);
  // The probe's own 5 ms period is not a stall.
  return { value, loopMs: Math.max(0, loopMax - 5) };
}

/** The check once: its time, the loop's longest gap, the machine's load when it started. */
async function timed(check: Check) {
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const { value, loopMs } = await loopMaxDuring(check);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, loopMs, load, differing: value.differing };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ds = await datasetOf(join(root, 'data/jinniu'));
const index = buildRegionIndex(ds);
const lineages = [...index.regions.keys()].map(
  (id) => [id, index.lineage(id)] as [string, string[]],
);
const ROWS_KEY = 'bench_recount_rows';
/** The rows to check, and how each tree's check runs on them. */
async function target() {
  const now = Date.now();
  if (settings.store === 'pg') {
    const regions = rollupRegions(index);
    const db = await createTestDatabase(undefined, `bench-recount-${settings.problems}`);
    const store = await openPgStore(db.url, regions);
    const kept = await store.getMeta(ROWS_KEY);
    const rows = kept
      ? (JSON.parse(kept) as RecountRows)
      : await fillStore(store, ds, settings.problems, now);
    if (!kept) await store.setMeta(ROWS_KEY, JSON.stringify(rows));
    return {
      where: db.url,
      rows,
      check:
        (m: CheckModule): Check =>
        () =>
          m.checkRollups({ databaseUrl: db.url }, lineages),
      close: () => store.close(),
    };
  }
  mkdirSync(settings.dir, { recursive: true });
  const file = join(settings.dir, `recount-${settings.problems}.db`);
  return {
    where: file,
    rows: await recountDb(file, ds, settings.problems, now),
    check:
      (m: CheckModule): Check =>
      () =>
        m.checkRollups({ file }, lineages),
    close: async () => {},
  };
}
const t0 = performance.now();
const { where, rows, check, close } = await target();
console.log(`${where} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
// What the machine's load alone does to the loop (a loaded 2-core machine delays timers too).
const idle = await loopMaxDuring(() => new Promise((done) => setTimeout(done, 3000)));
const trees = { current: root, ...(settings.baseline ? { baseline: settings.baseline } : {}) };
const checks = Object.fromEntries(
  await Promise.all(
    Object.entries(trees).map(async ([k, t]) => [k, check(await moduleOf(t))] as const),
  ),
);
const runs: Record<string, Array<Awaited<ReturnType<typeof timed>>>> = {};
for (let i = 0; i < settings.runs; i++)
  for (const [name, once] of Object.entries(checks)) {
    const r = await timed(once);
    (runs[name] ??= []).push(r);
    console.log(
      `${name} run ${i + 1}: ${r.seconds.toFixed(2)} s, loop max ${Math.round(r.loopMs)} ms, load ${r.load.toFixed(1)}`,
    );
  }
const total = rows.problems + rows.activity;
const summary = Object.fromEntries(
  Object.entries(runs).map(([name, rs]) => {
    const seconds = median(rs.map((r) => r.seconds));
    return [
      name,
      {
        tree: trees[name as keyof typeof trees],
        seconds,
        rowsPerSecond: Math.round(total / seconds),
        loopMaxMs: Math.round(Math.max(...rs.map((r) => r.loopMs))),
        identical: rs.every((r) => r.differing.length === 0),
        runs: rs,
      },
    ];
  }),
);
const results = {
  ...settings,
  rows,
  goal: GOAL,
  idleLoopMaxMs: Math.round(idle.loopMs),
  ...summary,
  machine: `${process.version}, ${cpus().length} cores`,
  at: new Date().toISOString(),
};
await close();
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, `bench/results/recount${settings.store === 'pg' ? '-pg' : ''}.json`),
  JSON.stringify(results, null, 2) + '\n',
);

const fmt = (n: number) => n.toLocaleString('en-US');
console.log(
  `\nroll-up check on ${settings.store} at ${fmt(rows.problems)} problems + ${fmt(rows.activity)} activity rows (median of ${settings.runs})`,
);
console.log(`(the event loop's max gap with nothing running: ${Math.round(idle.loopMs)} ms)`);
console.log('| code | seconds | rows/s | event loop max | load | goal |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, s] of Object.entries(summary)) {
  const loads = s.runs.map((r) => r.load.toFixed(1)).join('–');
  console.log(
    `| ${name}${s.identical ? '' : ' (DIFFERS)'} | ${s.seconds.toFixed(2)} | ${fmt(s.rowsPerSecond)} | ${s.loopMaxMs} ms | ${loads} | ≤ ${GOAL.seconds} s, ≤ ${GOAL.loopMs} ms |`,
  );
}
