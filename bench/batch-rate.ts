// `npm run bench:batch`: POST /api/batch records per second over HTTP (issue #14 asks for
// ≥ 50,000/s), on SQLite or, with BENCH_STORE=pg, on a throwaway PostgreSQL database. The real
// server runs as a child process on the demo district; bench:scale's loader (scale-load.ts) sends
// BATCH_N problems with their whole lives (create, steps, rating) in batches of BATCH_SIZE
// records, BATCH_IN_FLIGHT at a time. Prints the figures and writes bench/results/batch.json.
//
//   BATCH_N=20000 npm run bench:batch
//   BENCH_STORE=pg BATCH_N=20000 npm run bench:batch
//   BENCH_SERVER_ROOT=/path/to/other/checkout npm run bench:batch   # compare another build
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '../tests/integration/pg-db';
import { forkChild } from './scale-ipc';
import { requestLoad } from './scale-load-request';
import { measureDisk } from './scale-disk';
import { cpuSeconds, health, serverUnderTest } from './scale-server';

const root = resolve(import.meta.dirname, '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  store: process.env.BENCH_STORE === 'pg' ? 'pg' : 'sqlite',
  problems: num('BATCH_N', 20_000),
  batchRecords: num('BATCH_SIZE', 5000),
  inFlight: num('BATCH_IN_FLIGHT', 4),
  server: resolve(process.env.BENCH_SERVER_ROOT ?? root),
};

const dir = mkdtempSync(join(tmpdir(), 'bench-batch-'));
const db = settings.store === 'pg' ? await createTestDatabase() : null;
const server = await serverUnderTest(dir, db ? { DATABASE_URL: db.url } : {}, settings.server);
const loader = forkChild('scale-load.ts');
try {
  await server.start();
  // /api/health asked every 100 ms during the load: its answer waits for whatever holds the
  // event loop (a part's transaction, its effects, a body's parse), so its slowest answer bounds
  // the longest hold from the outside, whichever build runs.
  const healthMs: number[] = [];
  let loading = true;
  const poll = (async () => {
    while (loading) {
      const t0 = performance.now();
      await health(server.url);
      healthMs.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const cpu0 = cpuSeconds(server.pid());
  const loaderCpu0 = cpuSeconds(loader.proc.pid!);
  const load = await requestLoad(
    loader,
    {
      url: server.url,
      n: settings.problems,
      batchSize: settings.batchRecords,
      inFlight: settings.inFlight,
    },
    3_600_000,
  ).finally(() => (loading = false));
  const serverCpu = cpuSeconds(server.pid()) - cpu0;
  const loaderCpu = cpuSeconds(loader.proc.pid!) - loaderCpu0;
  await poll;
  const sorted = healthMs.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? NaN);
  // The disk's raw rate in the same run (SQLite's rows/s in one transaction, beside a PostgreSQL
  // run as well): this host's rate moves 2x within an hour, so records/s is read as a share of it.
  const disk = measureDisk(dir);
  const results = {
    ...settings,
    records: load.records,
    rejected: load.rejected,
    seconds: load.seconds,
    recordsPerSecond: load.recordsPerSecond,
    rawRowsPerSecondInOneTx: disk.rowsPerSecondInOneTx,
    shareOfRaw: Math.round((load.recordsPerSecond / disk.rowsPerSecondInOneTx) * 1000) / 1000,
    firstRejections: load.firstRejections,
    // The server's own CPU per record (all its threads): steadier than the rate on a busy box.
    serverCpuMicrosPerRecord: Math.round((serverCpu * 1e6) / load.records),
    // The loader's, on the same cores: server and loader together bound the rate on 2 cores.
    loaderCpuMicrosPerRecord: Math.round((loaderCpu * 1e6) / load.records),
    loaderGenerateSeconds: load.generateSeconds,
    healthAnswerMs: { p50: at(0.5), p99: at(0.99), max: at(1), n: sorted.length },
    machine: `${process.version}, ${cpus().length} cores`,
    at: new Date().toISOString(),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/batch.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
} finally {
  await loader.stop();
  await server.stop();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
}
