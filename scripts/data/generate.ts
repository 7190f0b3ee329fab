// npm run data:generate — builds the demo district data/jinniu (金牛区, Chengdu) from the two
// public sources: one use of the general builder (build.ts) with these recorded options, which
// data:verify replays. --as-is: the public outline is kept as it comes (its zero-width spikes and
// touching ring are accepted by the checker), so the files stay what they have always been.
import { spawnSync } from 'node:child_process';

export const JINNIU_ARGS = [
  '--division',
  '510106',
  '--id',
  'jinniu',
  '--name-en',
  'Jinniu District, Chengdu',
  '--seed',
  '20240106',
  '--history-ends-on',
  '2026-11-20',
  '--history-days',
  '91',
  '--history-per-day',
  '165',
  '--as-is',
];

if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const out = process.argv[2] ?? 'data/jinniu';
  const run = spawnSync('npx', ['tsx', 'scripts/data/build.ts', ...JINNIU_ARGS, '--out', out], {
    stdio: 'inherit',
  });
  process.exitCode = run.status ?? 2;
}
