// The one test command (`npm test`): format check, type check, lint (layers, cycles, typed rules)
// and dead-code check, then every vitest suite.
// It ends with the line `N passed, N failed, N skipped` that CI reads, taken from vitest's JSON
// report because vitest's own summary is not a line CI recognises.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const bin = (name: string) => `node_modules/.bin/${name}`;
const extra = process.argv.slice(2);

function step(title: string, cmd: string, args: string[]): boolean {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

let ok = true;
if (extra.length === 0) {
  ok =
    step('format check (prettier)', bin('prettier'), ['--check', '.', '--log-level', 'warn']) && ok;
  ok = step('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) && ok;
  ok = step('lint (eslint: layers, cycles, typed rules)', bin('eslint'), ['.']) && ok;
  ok = step('dead code (knip)', bin('knip'), []) && ok;
  ok = step('dead code, tests aside (knip --production)', bin('knip'), ['--production']) && ok;
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
ok =
  step('tests (vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
    ...extra,
  ]) && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numTotalTests: number;
  };
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  if (json.numTotalTests === 0) ok = false;
} else {
  ok = false;
}
// A failed format/type/lint step counts as a failure too, so the closing line never reads green then.
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
