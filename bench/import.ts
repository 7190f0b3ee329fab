// `npm run bench:import [rows]`: 1M-row CSV and XLSX exports generated on the fly (in a child
// process: import-gen.ts), imported into a fresh server (the real dataset, in-process) through the
// import engine: rows/s, peak RSS growth, event-loop max. Writes bench/results/import.json and
// prints a table with the goals.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { buildApp } from '../server/app';
import { configFromEnv } from '../server/config';
import { flushToDisk } from '../server/import/flush-to-disk';
import type { ImportDoc } from '../server/import/import-doc';

const root = resolve(import.meta.dirname, '..');
const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const MB = 1024 * 1024;

const config = configFromEnv(
  {
    DB_FILE: join(dir, 'bench.sqlite'),
    INGEST_TOKEN: 'bench-ingest-token-0001',
    ADMIN_TOKEN: 'bench-admin-token-00001',
    SIMULATOR: 'off',
    LOG_LEVEL: 'warn',
    CLIENT_DIR: join(dir, 'none'),
  },
  root,
);
const app = await buildApp(config);
await app.ready();

/**
 * An idle process's own event-loop delay over the same time: on a shared 2-core machine at load
 * 10, the scheduler alone stalls a loop for tens of ms, and that is not the import's doing.
 */
function idleLoopReference() {
  const code = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    process.on('message', () => process.send({ max: h.max / 1e6, p99: h.percentile(99) / 1e6 },
      () => process.exit(0)));`;
  const child = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return async () => {
    const reply = once(child, 'message');
    child.send('stop');
    const [m] = (await reply) as [{ max: number; p99: number }];
    return { maxMs: Math.round(m.max), p99Ms: Math.round(m.p99) };
  };
}

/**
 * Every gap of the loop over 50 ms, with the step it fell in and when: the max alone does not say
 * whether the upload, the dry run or the run stalled, nor at its start or throughout.
 */
function stallLog() {
  const stalls: Array<{ step: string; atS: number; ms: number; gcMs: number }> = [];
  let step = 'upload';
  let stepAt = performance.now();
  let last = performance.now();
  // The main thread's garbage collections, to tell a stall of V8's own from one of ours.
  const gcs: Array<{ start: number; end: number }> = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.duration > 5) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const gcWithin = (from: number, to: number) =>
    gcs.reduce((ms, g) => ms + Math.max(0, Math.min(to, g.end) - Math.max(from, g.start)), 0);
  const tick = setInterval(() => {
    const now = performance.now();
    // The timer is due every 5 ms: what is left over is how long the loop was held.
    const held = now - last - 5;
    if (held > 50) {
      const from = last;
      const at = { step, atS: Math.round((from - stepAt) / 100) / 10 };
      // The GC entries of this stall arrive after it: read them a turn later.
      setTimeout(() =>
        stalls.push({
          ...at,
          ms: Math.round(held),
          gcMs: Math.round(gcWithin(from, now)),
        }),
      );
    }
    last = now;
  }, 5);
  return {
    step(name: string) {
      step = name;
      stepAt = performance.now();
    },
    stop() {
      clearInterval(tick);
      gc.disconnect();
      return stalls;
    },
  };
}

interface Figures {
  format: string;
  rows: number;
  fileMB: number;
  generateS: number;
  dryRunS: number;
  importS: number;
  /**
   * CPU seconds of the whole process (every thread) during the import: on a shared machine it
   * varies far less with the load than the time does, so it compares two versions better.
   */
  importCpuS: number;
  rowsPerSecond: number;
  accepted: number;
  rejected: number;
  peakRssGrowthMB: number;
  eventLoopMaxMs: number;
  eventLoopP99Ms: number;
  /** The same figures of an idle process over the same time (the machine's own noise). */
  idleLoopMaxMs: number;
  idleLoopP99Ms: number;
  /** One recompute of every region's brief, as the hub does when all regions changed (not ours). */
  allBriefsMs: number;
  /** Where the loop was held over 50 ms: step, seconds into it, ms held, ms of it the main
   * thread's GC. */
  stalls: Array<{ step: string; atS: number; ms: number; gcMs: number }>;
}

async function measure(format: 'csv' | 'xlsx'): Promise<Figures> {
  const file = join(dir, `bench.${format}`);
  let t0 = performance.now();
  const gen = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'bench/import-gen.ts'),
      format,
      String(ROWS),
      file,
      config.dataDir,
      String(config.now()),
    ],
    { stdio: 'inherit' },
  );
  const [code] = (await once(gen, 'exit')) as [number];
  if (code !== 0) throw new Error(`generating the ${format} file failed (${code})`);
  const generateS = (performance.now() - t0) / 1000;
  // On disk before the import starts, as an export saved earlier would be: its dirty pages
  // must not be written back during the measured minutes.
  await flushToDisk(file);
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const idle = idleLoopReference();
  const stalls = stallLog();
  const doc = await app.imports.upload(createReadStream(file), {
    source: `bench-${format}`,
    fileName: basename(file),
  });
  t0 = performance.now();
  stalls.step('dry run');
  await app.imports.dryRun(doc.id, {});
  await app.imports.idle();
  const dryRunS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  stalls.step('run');
  await app.imports.run(doc.id, { policy: 'reject' });
  await app.imports.idle();
  const importS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const stalled = stalls.stop();
  clearInterval(sampler);
  const reference = await idle();
  const tb = performance.now();
  app.services.agg.briefs();
  const allBriefsMs = Math.round(performance.now() - tb);
  const d: ImportDoc = await app.imports.get(doc.id);
  if (d.status !== 'imported') throw new Error(`import ${d.status}: ${JSON.stringify(d.error)}`);
  const rejected = Object.values(d.result!.rejected).reduce((a, b) => a + b, 0);
  return {
    format,
    rows: ROWS,
    fileMB: Math.round(statSync(file).size / MB),
    generateS: Math.round(generateS),
    dryRunS: Math.round(dryRunS * 10) / 10,
    importS: Math.round(importS * 10) / 10,
    importCpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    rowsPerSecond: Math.round(ROWS / importS),
    accepted: d.result!.accepted,
    rejected,
    peakRssGrowthMB: Math.round((peak - baseRss) / MB),
    eventLoopMaxMs: Math.round(loop.max / 1e6),
    eventLoopP99Ms: Math.round(loop.percentile(99) / 1e6),
    idleLoopMaxMs: reference.maxMs,
    idleLoopP99Ms: reference.p99Ms,
    allBriefsMs,
    stalls: stalled,
  };
}

const GOALS = { csv: 20_000, xlsx: 10_000 };
try {
  const results: Figures[] = [];
  const formats = (process.env.BENCH_FORMATS ?? 'csv,xlsx').split(',') as Array<'csv' | 'xlsx'>;
  for (const f of formats) {
    results.push(await measure(f));
    console.log(JSON.stringify(results.at(-1)));
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const out = {
    at: new Date().toISOString(),
    // A shared machine's load shows in every figure here, the event-loop delay most of all.
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    // glibc's malloc arenas (npm start sets 2): every thread's native memory in arenas of its own
    // was ~100 MB more RSS on a 1M-row XLSX.
    mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? 'glibc default (8 × cores)',
    rows: ROWS,
    results,
    goals: { ...GOALS, rssGrowthMB: 300, eventLoopMaxMs: 50 },
  };
  writeFileSync(join(root, 'bench/results/import.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`MALLOC_ARENA_MAX: ${out.mallocArenaMax}; load average ${out.loadAverage.join(' ')}`);
  console.table(
    results.map((r) => ({
      format: r.format,
      rows: r.rows,
      'rows/s (import)': r.rowsPerSecond,
      'goal rows/s': GOALS[r.format as 'csv' | 'xlsx'],
      'dry run s': r.dryRunS,
      'import s': r.importS,
      'import CPU s': r.importCpuS,
      'peak RSS growth MB (goal ≤300)': r.peakRssGrowthMB,
      'event loop max ms (goal ≤50)': r.eventLoopMaxMs,
      'p99 ms': r.eventLoopP99Ms,
      'idle process max / p99 ms': `${r.idleLoopMaxMs} / ${r.idleLoopP99Ms}`,
    })),
  );
  for (const r of results) {
    const worst = [...r.stalls].sort((a, b) => b.ms - a.ms).slice(0, 8);
    console.log(
      `${r.format}: ${r.stalls.length} stall(s) over 50 ms` +
        (worst.length
          ? `; longest: ${worst.map((s) => `${s.ms} ms (${s.step}, ${s.atS} s in; GC ${s.gcMs} ms)`).join(', ')}`
          : ''),
    );
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
