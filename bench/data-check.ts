// `npm run bench:check [dir]`: how long data:check takes on a big district. Goal (issue #17): a
// dataset of ≥ 3,000 grids checked in ≤ 3 s. Without a dir, the district of
// tests/fixtures/big-district.ts (3,468 grids, 91 days × 165 problems of history) is built into a
// temp dir first. Figures, in one run on the same files:
//   - the check in this process, as `checked in` prints it (median of BENCH_RUNS, default 3);
//   - the raw floor: reading and parsing the files alone, which any check pays;
//   - the whole `data:check` command in a child process, node and tsx start-up included;
//   - with BENCH_BASE_ROOT=/path/to/other/checkout, that checkout's command on the same files
//     (e.g. main, for before/after).
// Writes bench/results/data-check.json.
//
//   npm run bench:check
//   npm run bench:check -- data/zhanggong
//   BENCH_BASE_ROOT=/work/main npm run bench:check
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkDataset } from '../server/dataset/check';
import { readDataset } from '../server/dataset/load';
import { buildBigDistrict } from '../tests/fixtures/big-district';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GOAL = { grids: 3000, seconds: 3 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => Math.round(ms) / 1000;

const given = process.argv[2];
const temp = given ? null : mkdtempSync(join(tmpdir(), 'bench-check-'));
const dir = given ?? join(temp!, 'big');
if (!given) {
  const t = performance.now();
  await buildBigDistrict(dir, 165);
  console.log(`built ${dir} in ${s(performance.now() - t)} s`);
}

/** The data:check command of the checkout at `checkout`, on `dir`: wall clock and its own figure. */
async function command(checkout: string): Promise<{ wallS: number; checkedInS: number }> {
  const t = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/data/check.ts', resolve(dir)],
    { cwd: checkout, maxBuffer: 64 * 1024 * 1024 },
  );
  const wallS = s(performance.now() - t);
  const checkedIn = /checked in ([\d.]+) s/.exec(stdout);
  if (!checkedIn) throw new Error(`${checkout}: no "checked in" figure in: ${stdout}`);
  return { wallS, checkedInS: Number(checkedIn[1]) };
}

try {
  const checks: number[] = [];
  const reads: number[] = [];
  let grids = 0;
  let historyRows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const read = await readDataset(dir);
    const t1 = performance.now();
    const problems = [...read.problems, ...checkDataset(read.dataset, read.lines)];
    checks.push(performance.now() - t0);
    reads.push(t1 - t0);
    if (problems.length) throw new Error(`${dir} is not valid: ${problems.length} problems`);
    grids = read.dataset.regions.features.filter((f) => f.properties.level === 'grid').length;
    historyRows = read.dataset.history.length;
  }
  const cli = await command(root);
  const baseRoot = process.env.BENCH_BASE_ROOT;
  const base = baseRoot ? { root: baseRoot, ...(await command(baseRoot)) } : null;

  const checkS = s(median(checks));
  const out = {
    at: new Date().toISOString(),
    // A shared 2-core machine: every figure here moves with the load.
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    dataset: { dir, grids, historyRows },
    goal: GOAL,
    check: { medianS: checkS, runsS: checks.map(s) },
    rawReadMedianS: s(median(reads)),
    command: cli,
    base,
    meetsGoal: grids >= GOAL.grids && checkS <= GOAL.seconds,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/data-check.json'), JSON.stringify(out, null, 2) + '\n');
  console.table({
    'check (this process, median)': { seconds: checkS, goal: `≤ ${GOAL.seconds}` },
    'raw floor: read + parse only': { seconds: out.rawReadMedianS, goal: '' },
    'data:check command: checked in': { seconds: cli.checkedInS, goal: `≤ ${GOAL.seconds}` },
    'data:check command: wall clock': { seconds: cli.wallS, goal: '' },
    ...(base
      ? {
          [`base ${base.root}: checked in`]: { seconds: base.checkedInS, goal: '' },
          [`base ${base.root}: wall clock`]: { seconds: base.wallS, goal: '' },
        }
      : {}),
  });
  console.log(
    `${grids} grids, ${historyRows} history rows, load ${out.loadAverage.join(' ')}: ` +
      `${out.meetsGoal ? 'meets' : 'misses'} the goal (≥ ${GOAL.grids} grids in ≤ ${GOAL.seconds} s)`,
  );
  console.log('written to bench/results/data-check.json');
} finally {
  if (temp) rmSync(temp, { recursive: true, force: true });
}
