// A briefing's frozen figures at a new moment (issue #14: ≤ 200 ms, the event loop never held
// > 50 ms), measured in-process so it can be run again in seconds: FREEZE_N problems with their
// whole lives (bench:scale's generator and records) go once into a database kept under the temp
// directory, then an admin asks GET /api/snapshot?at= for new moments through app.inject, the
// same path bench:scale's "new moment" takes over HTTP. The event loop is watched meanwhile.
//
//   npx tsx bench/freeze-probe.ts                    # 300k problems, 3 new moments
//   FREEZE_N=20000 FREEZE_RUNS=5 npx tsx bench/freeze-probe.ts
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../server/app';
import { configFromEnv } from '../server/config';
import { mulberry32 } from '../server/random/prng';
import { pastProblems } from '../scripts/data/history';
import { DAY_MS, localIso } from '../shared/local-time';
import type { BatchRecord, GeoBundle } from '../shared/protocol';
import { escalationTime, gridsOf, lifeRecords } from './scale-records';

const root = resolve(import.meta.dirname, '..');
const n = Number(process.env.FREEZE_N ?? 300_000);
const runs = Number(process.env.FREEZE_RUNS ?? 3);
const dbFile = join(tmpdir(), `freeze-probe-${n}.sqlite`);
const ADMIN = 'freeze-probe-admin-token-01';
const r1 = (x: number) => Math.round(x * 10) / 10;

const open = (file: string) =>
  buildApp(
    configFromEnv(
      {
        DB_FILE: file,
        INGEST_TOKEN: 'freeze-probe-ingest-token-1',
        ADMIN_TOKEN: ADMIN,
        SIMULATOR: 'off',
        LOG_LEVEL: 'warn',
        CLIENT_DIR: join(tmpdir(), 'freeze-probe-no-client'),
      },
      root,
    ),
  );

/** Loads n past problems (a year ending yesterday) into a new database; renamed into place last. */
async function build(): Promise<void> {
  const file = `${dbFile}.building`;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}.dataset-checked`])
    rmSync(f, { force: true });
  const app = await open(file);
  const geo = (await app.inject('/api/geo')).json<GeoBundle>();
  const problems = pastProblems({
    endsOn: localIso(Date.now() - DAY_MS).slice(0, 10),
    days: 365,
    perDay: n / 365 / ((5 * 1.05 + 2 * 0.82) / 7),
    grids: gridsOf(geo),
    seed: 14,
  });
  const rng = mulberry32(1414);
  const t0 = performance.now();
  let count = 0;
  let batch: BatchRecord[] = [];
  const send = async () => {
    await app.services.ingest.batch(batch);
    batch = [];
  };
  for (const h of problems) {
    const p = { ...h, id: `S${h.id}` };
    batch.push(...lifeRecords(p, rng(), escalationTime(p)));
    if (batch.length >= 5000) await send();
    if (++count % 50_000 === 0) console.log(`  ${count} problems loaded`);
  }
  if (batch.length > 0) await send();
  await app.close();
  // Folded into the file before it is renamed: the log keeps its old name, and a server's close
  // can leave it behind (its checkpoint thread's connection may close last); renamed without it,
  // the database would lack its last commits.
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(file, dbFile);
  // The dataset check's record lives beside the database (server/services.ts): it moves too.
  renameSync(`${file}.dataset-checked`, `${dbFile}.dataset-checked`);
  console.log(`loaded ${count} problems in ${r1((performance.now() - t0) / 1000)} s`);
}

/**
 * A fixed piece of work (≈ 10 ms on an idle core), timed beside each figure: on this shared
 * machine the load stretches every figure, and this says by how much.
 */
function reference(): number {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 1e6; i++) x = (x + i * 7) % 1_000_003;
  if (x < 0) console.log(x);
  return performance.now() - t0;
}

if (!existsSync(dbFile)) await build();
const app = await open(dbFile);
// A server answers only once it is ready: its routes' schemas are compiled before listen.
await app.ready();
const loop = monitorEventLoopDelay({ resolution: 5 });
const times: number[] = [];
const stalls: number[] = [];
const refs: number[] = [];
const idle: number[] = [];
/** The event loop's max delay over `ms` with nothing to do: what the machine's load alone costs. */
async function idleLoopMax(ms: number): Promise<number> {
  loop.reset();
  loop.enable();
  await new Promise((ok) => setTimeout(ok, ms));
  loop.disable();
  return loop.max / 1e6;
}
try {
  // Moments no briefing asked for: yesterday and the days before, 18:00 in Asia/Shanghai.
  for (let i = 1; i <= runs; i++) {
    const at = `${localIso(Date.now() - i * DAY_MS).slice(0, 10)}T18:00:00+08:00`;
    idle.push(await idleLoopMax(500));
    loop.reset();
    loop.enable();
    const t0 = performance.now();
    const r = await app.inject({
      url: `/api/snapshot?at=${encodeURIComponent(at)}`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const ms = performance.now() - t0;
    // One more turn, so a stall at the very end lands in the histogram.
    await new Promise((ok) => setTimeout(ok, 20));
    loop.disable();
    if (r.statusCode !== 200) throw new Error(`snapshot?at= answered ${r.statusCode}: ${r.body}`);
    times.push(ms);
    stalls.push(loop.max / 1e6);
    refs.push(reference());
    console.log(
      `  at ${at}: ${Math.round(ms)} ms, loop max ${Math.round(loop.max / 1e6)} ms, ${r.rawPayload.length} bytes; reference ${Math.round(refs.at(-1)!)} ms, idle loop max ${Math.round(idle.at(-1)!)} ms`,
    );
  }
} finally {
  await app.close();
}
const worst = (xs: number[]) => Math.round(Math.max(...xs));
const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]!);
console.log(
  `snapshot?at= a new moment, ${n} problems: worst ${worst(times)} ms, median ${median(times)} ms (goal ≤ 200); ` +
    `event loop max ${worst(stalls)} ms (goal ≤ 50); reference task median ${median(refs)} ms, idle loop max ${worst(idle)} ms; load ${loadavg()
      .map(r1)
      .join(' ')}`,
);
