// The one test command (`npm test`): format check, type check, lint (layers, cycles, typed rules)
// and dead-code check, then two lanes: the browser suite; beside it the unit and integration
// suites, the integration suite again on PostgreSQL, and the unit suite and calendar files again
// at a fixed instant of the clock (scripts/clock-sweep.ts).
// It ends with the line `N passed, N failed, N skipped` that CI reads, taken from vitest's JSON
// reports because vitest's own summary is not a line CI recognises.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { CALENDAR_FILES, CLOCK_SWEEP, SWEEP_EXCLUDES, fakeOffset } from './clock-sweep';

const bin = (name: string) => `node_modules/.bin/${name}`;
const extra = process.argv.slice(2);

/** Runs a step with its output going straight through (CI's log shows it as it happens). */
function step(title: string, cmd: string, args: string[], env = process.env): Promise<boolean> {
  console.log(`\n▶ ${title}`);
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('close', (code, signal) => {
      if (code !== 0) console.error(`✖ ${title} failed (exit ${code ?? signal})`);
      done(code === 0);
    });
  });
}

/** Runs a check with its output held, so two lanes of checks do not interleave their lines. */
function check(title: string, cmd: string, args: string[], env = process.env): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('close', (code) => {
      console.log(`\n▶ ${title}`);
      process.stdout.write(Buffer.concat(out));
      if (code !== 0) console.error(`✖ ${title} failed (exit ${code})`);
      done(code === 0);
    });
  });
}

/** The checks of one lane, one after the other; false when any failed (all of them run). */
async function lane(checks: Array<[string, string, string[]]>): Promise<boolean> {
  let passed = true;
  for (const [title, cmd, args] of checks) passed = (await check(title, cmd, args)) && passed;
  return passed;
}

/** `npm run test:clock`: the whole clock sweep alone (npm test sweeps the calendar's files). */
const fullSweep = process.env.SWEEP === 'full';
let ok = true;
if (extra.length === 0 && !fullSweep) {
  // Two lanes for two cores: typed lint alone takes about as long as the other checks together.
  const lanes = await Promise.all([
    lane([['lint (eslint: layers, cycles, typed rules)', bin('eslint'), ['.']]]),
    lane([
      ['format check (prettier)', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
      ['type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
      ['dead code (knip)', bin('knip'), []],
      ['dead code, tests aside (knip --production)', bin('knip'), ['--production']],
    ]),
  ]);
  ok = lanes.every(Boolean);
}

mkdirSync('test-results', { recursive: true });

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
/** Every failed test by pass, file and name, repeated at the end where CI's tail shows it. */
const failures: string[] = [];

/**
 * Runs vitest with a JSON report and adds its counts; false when it failed or ran nothing. A
 * `held` run prints its output when it ends (it shares the machine with another lane).
 */
async function vitest(
  title: string,
  report: string,
  args: string[],
  prefix: string[] = [],
  env = process.env,
  held = false,
): Promise<boolean> {
  const cmd = [...prefix, bin('vitest'), 'run', '--reporter=default', '--reporter=json'];
  const all = [...cmd.slice(1), `--outputFile=${report}`, ...args];
  const passed = await (held ? check : step)(title, cmd[0]!, all, env);
  if (!existsSync(report)) return false;
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numTotalTests: number;
    testResults: {
      name: string;
      status: string;
      message?: string;
      assertionResults: { fullName: string; status: string }[];
    }[];
  };
  for (const file of json.testResults) {
    const where = `${title}: ${file.name.replace(process.cwd() + '/', '')}`;
    const failed = file.assertionResults.filter((t) => t.status === 'failed');
    for (const t of failed) failures.push(`${where} > ${t.fullName}`);
    // A file that failed outside any test (a hook, an import) has no failed test to name.
    if (file.status === 'failed' && failed.length === 0)
      failures.push(`${where}: ${(file.message ?? '').split('\n')[0]}`);
  }
  total.passed += json.numPassedTests;
  total.failed += json.numFailedTests;
  total.skipped += json.numPendingTests + json.numTodoTests;
  return passed && json.numTotalTests > 0;
}

// The whole suite leaves the browser files to a lane of their own (below); chosen files run as
// they are, alone.
const firstPass = (held: boolean) =>
  vitest(
    extra.length > 0 ? 'tests (vitest)' : 'unit and integration tests (vitest)',
    'test-results/vitest.json',
    extra.length > 0 ? extra : ['--exclude', 'tests/e2e/**'],
    [],
    process.env,
    held,
  );
if (extra.length > 0) ok = (await firstPass(false)) && ok;

// The integration suite again on PostgreSQL (127.0.0.1:5432; .ci/run starts it): every test app
// gets a database of its own. Tests of the SQLite file itself skip there, saying so; the pg-*
// tests use PostgreSQL in the first run already, the cluster tests start their own nodes
// (cluster-pg.test.ts on one PostgreSQL database) whatever TEST_STORE says, and the change-feed
// test has no store (two aggregators and a Redis).
const pgPass = () =>
  vitest(
    'integration tests on PostgreSQL (TEST_STORE=pg)',
    'test-results/vitest-pg.json',
    [
      'tests/integration',
      ...['**/pg-*.test.ts', '**/cluster*.test.ts', '**/change-feed.test.ts'].flatMap((g) => [
        '--exclude',
        g,
      ]),
    ],
    [],
    { ...process.env, TEST_STORE: 'pg' },
    true,
  );

// The clock sweep: the unit files and the integration files that read the calendar at each
// instant (`npm run test:clock`: every unit and integration file but SWEEP_EXCLUDES).
async function sweepLane(): Promise<boolean> {
  const hasFaketime = spawnSync('faketime', ['-f', '+0', 'true']).status === 0;
  if (!hasFaketime && process.env.CI) {
    console.error('✖ clock sweep needs Debian faketime (apt-get install faketime)');
    return false;
  }
  if (!hasFaketime) {
    console.warn('⚠ clock sweep skipped: faketime missing (apt-get install faketime)');
    return true;
  }
  const files = fullSweep
    ? ['tests/unit', 'tests/integration', ...SWEEP_EXCLUDES.flatMap((g) => ['--exclude', g])]
    : ['tests/unit', ...CALENDAR_FILES];
  // npm test: the instant whose run crosses a day, a month and a year; test:clock: all of them.
  const instants = fullSweep ? CLOCK_SWEEP : CLOCK_SWEEP.filter((c) => c.at.includes('12-31T'));
  let passed = true;
  for (const [i, instant] of instants.entries()) {
    // Monotonic clocks stay real: libuv's timers run on them and would stall if faked.
    const env = { ...process.env, TZ: instant.tz, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
    passed =
      (await vitest(
        `clock sweep ${i + 1}/${instants.length}: ${instant.label} (${instant.at}, TZ=${instant.tz})`,
        `test-results/vitest-clock-${i + 1}.json`,
        files,
        ['faketime', '-f', fakeOffset(instant)],
        env,
        true,
      )) && passed;
  }
  return passed;
}

// Only for the whole suite (a run of chosen files is a developer's quick loop). Two lanes for two
// cores: the browser files; beside them the unit and integration files, the PostgreSQL pass and
// the clock sweep. The browser files spend much of their time waiting on the page's own clocks
// (scene lengths, ping intervals, the idle hold) and the integration files one at a time on their
// servers, so neither fills a core alone. A clean clone's .ci/run on 2 cores, 2026-11-28: 900 s
// with the browser files beside the PostgreSQL pass and the sweep only, after the first pass;
// 559-603 s in these two lanes with files sharing their worker's modules (vitest.config.ts), the
// two ending within 20 s of each other. Each lane's output is held so they do not interleave.
if (extra.length === 0) {
  const lanes = await Promise.all([
    fullSweep
      ? true
      : vitest(
          'browser tests (vitest)',
          'test-results/vitest-e2e.json',
          ['tests/e2e'],
          [],
          process.env,
          true,
        ),
    (async () => {
      const first = fullSweep ? true : await firstPass(true);
      const pg = fullSweep ? true : await pgPass();
      return (await sweepLane()) && pg && first;
    })(),
  ]);
  ok = lanes.every(Boolean) && ok;
}

// A failed format/type/lint step counts as a failure too, so the closing line never reads green then.
if (!ok && total.failed === 0) total.failed = 1;
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ✖ ${f}`).join('\n')}`);
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(ok ? 0 : 1);
