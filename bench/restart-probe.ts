// Restart until the server answers (issue #14: ≤ 3 s): `npm start`'s server (node with tsx as a
// loader, as bench:scale starts it) spawned on an existing database, timed to the first 200 from
// /api/health, several runs, median. The database is the one bench/freeze-probe.ts builds (run
// it first with the same FREEZE_N); the server opens a copy, so the probe's stays as it was.
//
//   npx tsx bench/restart-probe.ts            # 300k problems, 5 runs
//   FREEZE_N=20000 RESTART_RUNS=3 npx tsx bench/restart-probe.ts
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverUnderTest } from './scale-server';

const n = Number(process.env.FREEZE_N ?? 300_000);
const runs = Number(process.env.RESTART_RUNS ?? 5);
const source = join(tmpdir(), `freeze-probe-${n}.sqlite`);
if (!existsSync(source)) throw new Error(`${source} is missing: run bench/freeze-probe.ts first`);

const dir = mkdtempSync(join(tmpdir(), 'restart-probe-'));
copyFileSync(source, join(dir, 'scale.sqlite'));
const server = await serverUnderTest(dir);
const times: number[] = [];
try {
  // The first start records the dataset check beside the copy; the runs after it are restarts.
  await server.start();
  await server.stop();
  for (let i = 0; i < runs; i++) {
    times.push(await server.start());
    await server.stop();
    console.log(`  restart ${i + 1}: ${Math.round(times.at(-1)!)} ms`);
  }
} catch (err) {
  console.error(err, server.logs.join('').slice(-2000));
  process.exitCode = 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `restart until /api/health answers, ${n} problems: median ${Math.round(sorted[sorted.length >> 1] ?? NaN)} ms ` +
    `(min ${Math.round(sorted[0] ?? NaN)}, max ${Math.round(sorted.at(-1) ?? NaN)}; goal ≤ 3000); load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
