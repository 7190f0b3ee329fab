// `npm run bench:writes`: single writes per second with BENCH_WRITERS (64) concurrent callers.
// The real server runs in a child process on the demo district (WAL, synchronous=FULL, 2xx only
// after the commit); this process is the load: one keep-alive connection per caller, each sending
// its next POST /api/problems as soon as the last one answered. In the same run, on the same
// disk, it measures the raw limit: better-sqlite3 single-row transactions with the same pragmas,
// one fsync'd commit each. Writes bench/results/writes.json and prints both and their ratio.
//
//   npm run bench:writes
//   BENCH_SECONDS=20 BENCH_WRITERS=64 npm run bench:writes
//   BENCH_SERVER_ROOT=/path/to/other/checkout npm run bench:writes   # compare another build
//   BENCH_DB=/tmp/freeze-probe-1000000.sqlite npm run bench:writes   # on a preloaded database
//   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:writes
// BENCH_DB is copied (with its `.dataset-checked` record, services.ts) into the run's temp
// directory and the server runs on the copy: the file itself is never opened. A database built by
// bench/freeze-probe.ts (FREEZE_N problems on the demo district) is one. With node args the
// server is stopped with SIGTERM, not SIGKILL, so a profile is written.
import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../tests/e2e/harness';
import { cpuSeconds } from './scale-server';
import { kill9, signalAndWait, startServer } from '../tests/faults/server-process';
import { keepAlivePoster } from './http-post';

const root = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 64);
const WARMUP_S = 2;
/** Issue #14's goals for this row. */
const GOAL = { perSecond: 5000, p99Ms: 50 };
const serverRoot = resolve(process.env.BENCH_SERVER_ROOT ?? root);
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const sourceDb = process.env.BENCH_DB ? resolve(process.env.BENCH_DB) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'bench-writes-'));
const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The disk's own limit: one row per transaction, fsync'd, for `seconds`. */
function rawSingleTransactions(file: string, seconds: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const one = db.transaction((v: string) => insert.run(v));
  const end = performance.now() + seconds * 1000;
  let n = 0;
  for (; performance.now() < end; n++) one(`row ${n}`);
  db.close();
  return Math.round(n / seconds);
}

const raw = rawSingleTransactions(join(dir, 'raw.sqlite'), 3);

/** Copies the preloaded database to where the server opens it (startServer's DB_FILE). */
function copyPreloaded(source: string): number {
  if (!existsSync(source)) throw new Error(`BENCH_DB ${source} does not exist`);
  // A log with frames holds commits the file lacks: the copy would miss them.
  if (existsSync(`${source}-wal`) && statSync(`${source}-wal`).size > 0)
    throw new Error(`${source}-wal is not empty: close what has the database open, then copy it`);
  const t0 = performance.now();
  copyFileSync(source, join(dir, 'screen.sqlite'));
  const checked = `${source}.dataset-checked`;
  if (existsSync(checked)) copyFileSync(checked, join(dir, 'screen.sqlite.dataset-checked'));
  return performance.now() - t0;
}
if (sourceDb) console.log(`copied ${sourceDb} in ${Math.round(copyPreloaded(sourceDb))} ms`);
const loadAtStart = load();

const token = 'bench-writes-ingest-0001';
const port = await freePort();
const child = await startServer({
  port,
  dir,
  dataDir: join(serverRoot, 'data/jinniu'),
  ingestToken: token,
  adminToken: 'bench-writes-admin-00001',
  root: serverRoot,
  nodeArgs,
});
const geo = (await (await fetch(`http://127.0.0.1:${port}/api/geo`)).json()) as {
  regions: { features: Array<{ properties: { id: string; level: string } }> };
};
const grids = geo.regions.features
  .filter((f) => f.properties.level === 'grid')
  .map((f) => f.properties.id);
if (grids.length === 0) throw new Error('the server lists no grids in /api/geo');

const poster = keepAlivePoster(`http://127.0.0.1:${port}`, token, WRITERS);
const post = (body: string) => poster.post('/api/problems', body);

let failed = 0;

/** `writers` callers for `seconds` after a warm-up: answered writes per second and latencies. */
async function phase(writers: number, seconds: number, prefix: string) {
  const latencies: number[] = [];
  let answered = 0;
  const measureFrom = performance.now() + WARMUP_S * 1000;
  const end = measureFrom + seconds * 1000;
  const writer = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const body = JSON.stringify({
        id: `${prefix}-${w}-${i}`,
        category: 'environment',
        source: 'patrol',
        gridId: grids[(w * 7919 + i) % grids.length],
      });
      const start = performance.now();
      const status = await post(body);
      if (status === 201) answered++;
      if (start < measureFrom) continue;
      if (status === 201) latencies.push(performance.now() - start);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return {
    perSecond: latencies.length / ((performance.now() - measureFrom) / 1000),
    latencies,
    answered,
  };
}

// A lone caller first: what one write waits when nothing else is queued.
type GroupFigures = { groups: number; ops: number; largest: number };
type Health = { writes?: GroupFigures; eventLoop?: { maxMs: number; since: string } };
const health = async () =>
  (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as Health;
/** Group-commit figures, where the server reports them (a build before group commit does not). */
const groupFigures = async () => (await health()).writes;
const lone = await phase(1, 3, 'lone');
const groupsBefore = await groupFigures();
// CPU time over the whole phase (its warm-up too) per write answered in it: the server's (what a
// write costs it, whatever else the shared machine runs) and this load's own.
const serverCpu0 = cpuSeconds(child.pid!);
const clientCpu0 = process.cpuUsage();
const many = await phase(WRITERS, SECONDS, 'bw');
const serverCpuUs = ((cpuSeconds(child.pid!) - serverCpu0) * 1e6) / many.answered;
const clientCpu = process.cpuUsage(clientCpu0);
const clientCpuUs = (clientCpu.user + clientCpu.system) / many.answered;
const healthAfter = await health();
const groupsAfter = healthAfter.writes;
poster.close();
const loadAtEnd = load();
// SIGTERM with node args: the server closes itself, and a --cpu-prof profile is written on exit.
if (nodeArgs.length > 0) await signalAndWait(child, 'SIGTERM');
else await kill9(child);
const rawAfter = rawSingleTransactions(join(dir, 'raw-after.sqlite'), 3);
rmSync(dir, { recursive: true, force: true });

const writesPerSecond = Math.round(many.perSecond);
const rawPerSecond = Math.round((raw + rawAfter) / 2);
const results = {
  writers: WRITERS,
  seconds: SECONDS,
  server: serverRoot,
  database: sourceDb ?? 'demo district, empty',
  writesPerSecond,
  writesGoal: GOAL.perSecond,
  p50Ms: +quantile(many.latencies, 0.5).toFixed(1),
  p99Ms: +quantile(many.latencies, 0.99).toFixed(1),
  p99GoalMs: GOAL.p99Ms,
  serverCpuUsPerWrite: Math.round(serverCpuUs),
  // The server's own event-loop watch (goal: never held > 50 ms), over its window: from its
  // start or its last once-a-minute log line, so the phases above when the run is short.
  eventLoopMaxMs: healthAfter.eventLoop?.maxMs ?? NaN,
  eventLoopSince: healthAfter.eventLoop?.since ?? '',
  loadCpuUsPerWrite: Math.round(clientCpuUs),
  loneWriterPerSecond: Math.round(lone.perSecond),
  loneWriterP50Ms: +quantile(lone.latencies, 0.5).toFixed(1),
  failed,
  writesPerCommit:
    groupsBefore && groupsAfter
      ? +(
          (groupsAfter.ops - groupsBefore.ops) /
          (groupsAfter.groups - groupsBefore.groups)
        ).toFixed(1)
      : 1,
  largestGroup: groupsAfter?.largest ?? 1,
  rawSingleTransactionsPerSecond: rawPerSecond,
  rawBefore: raw,
  rawAfter,
  ratioToRaw: +(writesPerSecond / rawPerSecond).toFixed(2),
  loadAtStart: loadAtStart.join(' '),
  loadAtEnd: loadAtEnd.join(' '),
  machine: `${process.version}, ${cpus().length} cores`,
  at: new Date().toISOString(),
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/writes.json'), JSON.stringify(results, null, 2) + '\n');
console.table(results);
console.log(
  `${writesPerSecond} writes/s (goal ≥ ${GOAL.perSecond}), p50 ${results.p50Ms} ms, ` +
    `p99 ${results.p99Ms} ms (goal ≤ ${GOAL.p99Ms}), ${results.ratioToRaw} of ${rawPerSecond} ` +
    `raw fsync'd transactions/s; CPU a write: server ${results.serverCpuUsPerWrite} µs, ` +
    `load ${results.loadCpuUsPerWrite} µs; event loop max ${results.eventLoopMaxMs} ms (goal ≤ 50); ` +
    `load average ${loadAtStart.join(' ')} → ${loadAtEnd.join(' ')}`,
);
console.log('written to bench/results/writes.json');
