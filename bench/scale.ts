// `npm run bench:scale`: issue #14's table at city scale. A fresh database, the real server as a
// child process, SCALE_N problems with their whole lives loaded through /api/batch, then each
// figure: restart, recount, a briefing's new moment, single writes, event → wall latency with
// SCALE_SCREENS walls, and every wall's resync after a restart. Load generators run in processes
// of their own (bench/scale-*.ts); the disk's raw limits are measured in the same run. Writes
// bench/results/scale.json and prints the table.
//
//   npm run bench:scale                                            # 1M problems, 2,000 walls
//   SCALE_N=20000 SCALE_SCREENS=200 SCALE_WRITE_SECONDS=5 npm run bench:scale   # a quick check
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DAY_MS, localIso } from '../shared/local-time';
import { measureDisk } from './scale-disk';
import { forkChild, quantile, type Child, type Message } from './scale-ipc';
import { requestLoad } from './scale-load-request';
import { probed } from './scale-probe';
import type { LatencyFigures, ResyncFigures } from './scale-screens';
import { ADMIN_TOKEN, INGEST_TOKEN, rssMB, serverUnderTest } from './scale-server';
import { printTable, tableRows, type Row } from './scale-table';
import type { WriteFigures, WriteParams } from './scale-writers';

const root = resolve(import.meta.dirname, '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  problems: num('SCALE_N', 1_000_000),
  screens: num('SCALE_SCREENS', 2000),
  /**
   * A few more walls in a process of their own, for the latency a wall sees: the SCALE_SCREENS
   * walls share one process whose own decoding queues their deliveries.
   */
  probeScreens: num('SCALE_PROBE_SCREENS', 20),
  writeSeconds: num('SCALE_WRITE_SECONDS', 30),
  writers: num('SCALE_WRITERS', 64),
  /** Writes per second while the walls' latency is measured: far above a city's busiest hour. */
  eventRate: num('SCALE_EVENT_RATE', 10),
  batchRecords: num('SCALE_BATCH', 5000),
  batchesInFlight: num('SCALE_BATCHES_IN_FLIGHT', 4),
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const log = (s: string) =>
  console.log(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${s}`);

const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
const server = await serverUnderTest(dir);
const children: Child[] = [];
const spawnChild = (file: string) => {
  const c = forkChild(file);
  children.push(c);
  return c;
};
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const figures: Record<string, unknown> = {};

try {
  log(`raw disk limits in ${dir}`);
  const disk = measureDisk(dir);
  figures.disk = disk;

  log('first start (fresh database, demo history imported)');
  figures.firstStartMs = Math.round(await server.start());

  log(`loading ≈${settings.problems.toLocaleString('en-US')} problems through /api/batch`);
  const loader = spawnChild('scale-load.ts');
  const load = await requestLoad(
    loader,
    {
      url: server.url,
      n: settings.problems,
      batchSize: settings.batchRecords,
      inFlight: settings.batchesInFlight,
    },
    24 * 3_600_000,
  );
  figures.load = load;
  await loader.stop();
  log(
    `loaded ${load.problems} problems, ${load.records} records (${load.rejected} rejected) in ${load.seconds} s`,
  );
  for (const r of load.firstRejections) log(`  rejected: ${r}`);

  log('restart');
  const stopMs = await server.stop();
  const restartMs = await server.start();
  const rssAtAnswer = rssMB(server.pid());
  await sleep(2000);
  const restart = {
    stopMs: Math.round(stopMs),
    restartMs: Math.round(restartMs),
    rssAtAnswerMB: rssAtAnswer,
    rssMB: Math.max(rssAtAnswer, rssMB(server.pid())),
  };
  figures.restart = restart;

  log('recount');
  const recount = await probed(server.url, async () => {
    const r = await fetch(`${server.url}/api/admin/recount`, { method: 'POST', headers: admin });
    if (!r.ok) throw new Error(`recount answered ${r.status}: ${await r.text()}`);
    return (await r.json()) as { identical: boolean; differing: string[] };
  });
  const { value: check, ...recountTimes } = recount;
  figures.recount = { ...recountTimes, ...check };
  log(
    `recount: ${check.identical ? 'identical to the running totals' : `DIFFERS in ${check.differing.join(', ')}`}`,
  );

  // A moment no briefing has asked for: yesterday 18:00 in Asia/Shanghai.
  const at = `${localIso(Date.now() - DAY_MS).slice(0, 10)}T18:00:00+08:00`;
  log(`snapshot at a new moment (${at})`);
  const snapshot = await probed(server.url, async () => {
    const r = await fetch(`${server.url}/api/snapshot?at=${encodeURIComponent(at)}`, {
      headers: admin,
    });
    const body = await r.arrayBuffer();
    if (!r.ok)
      throw new Error(`snapshot?at= answered ${r.status}: ${Buffer.from(body).toString()}`);
    return body.byteLength;
  });
  figures.snapshotAt = {
    ms: snapshot.ms,
    bytes: snapshot.value,
    loopMaxMs: snapshot.loopMaxMs,
    healthMaxMs: snapshot.healthMaxMs,
  };

  const writers = spawnChild('scale-writers.ts');
  const write = async (req: WriteParams) => {
    writers.send({ type: 'write', url: server.url, token: INGEST_TOKEN, ...req });
    return writers.next<WriteFigures>('written', (req.seconds + 120) * 1000);
  };
  log(`single writes: ${settings.writers} callers for ${settings.writeSeconds} s`);
  const single = await write({
    callers: settings.writers,
    seconds: settings.writeSeconds,
    prefix: 'wa-',
  });
  figures.singleWrites = { ...single, ackedByGrid: undefined };

  log(`${settings.screens} screens connecting, and ${settings.probeScreens} probe walls`);
  const screens = spawnChild('scale-screens.ts');
  screens.send({ type: 'connect', url: server.url, count: settings.screens });
  const connected = await screens.next<Message & { seconds: number }>('connected', 600_000);
  figures.screensConnectSeconds = r1(connected.seconds);
  const probes = spawnChild('scale-screens.ts');
  probes.send({ type: 'connect', url: server.url, count: settings.probeScreens });
  await probes.next('connected', 120_000);

  log(`event → screen: ${settings.eventRate} writes/s for ${settings.writeSeconds} s`);
  for (const c of [screens, probes]) c.send({ type: 'measure', prefix: 'wb-' });
  const paced = await write({
    callers: 8,
    seconds: settings.writeSeconds,
    rate: settings.eventRate,
    prefix: 'wb-',
  });
  await sleep(3000); // the last batch window, and the walls' own backlog
  const expect = { type: 'expect', url: server.url, ackedByGrid: paced.ackedByGrid };
  for (const c of [screens, probes]) c.send(expect);
  const latency = await screens.next<LatencyFigures>('latency', 120_000);
  const probe = await probes.next<LatencyFigures>('latency', 120_000);
  await probes.stop();
  figures.eventToScreen = { ...latency, writes: paced.ok, writeP99Ms: paced.p99Ms };
  figures.eventToProbe = probe;

  log('restart with the screens connected');
  screens.send({ type: 'mark' });
  await server.stop();
  await server.start();
  const answeredAt = Date.now();
  let resync: ResyncFigures;
  try {
    resync = await screens.next<ResyncFigures>('resynced', 120_000);
  } catch {
    screens.send({ type: 'resync-report' });
    resync = await screens.next<ResyncFigures>('resynced', 10_000);
  }
  const after = resync.at.map((t) => (t - answeredAt) / 1000);
  figures.resync = {
    allResyncedS: resync.missing > 0 ? null : r1(Math.max(...after)),
    p50S: r1(quantile(after, 0.5)),
    p99S: r1(quantile(after, 0.99)),
    missing: resync.missing,
  };

  const rows: Row[] = [
    {
      figure: 'restart until the server answers',
      value: restart.restartMs / 1000,
      unit: 's',
      goal: { op: '≤', limit: 3 },
    },
    {
      figure: 'RSS after restart',
      value: restart.rssMB,
      unit: 'MB',
      goal: { op: '≤', limit: 400 },
    },
    {
      figure: 'full recount (POST /api/admin/recount)',
      value: recount.ms / 1000,
      unit: 's',
      goal: { op: '≤', limit: 5 },
    },
    {
      figure: '  event loop max during recount',
      value: recount.loopMaxMs ?? recount.healthMaxMs,
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: 'snapshot?at= a new moment',
      value: snapshot.ms,
      unit: 'ms',
      goal: { op: '≤', limit: 200 },
    },
    {
      figure: '  event loop max during it',
      value: snapshot.loopMaxMs ?? snapshot.healthMaxMs,
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: `single writes, ${settings.writers} callers`,
      value: single.writesPerSecond,
      unit: '/s',
      goal: { op: '≥', limit: 5000 },
      raw: { name: 'singleTxPerSecond', value: disk.singleTxPerSecond },
    },
    { figure: '  write p99', value: single.p99Ms, unit: 'ms', goal: { op: '≤', limit: 50 } },
    {
      figure: '/api/batch over HTTP',
      value: load.recordsPerSecond,
      unit: 'records/s',
      goal: { op: '≥', limit: 50_000 },
      // A batch is one transaction (a savepoint per record).
      raw: { name: 'rowsPerSecondInOneTx', value: disk.rowsPerSecondInOneTx },
    },
    {
      figure: `event → screen p50 (${settings.probeScreens} probe walls, own process)`,
      value: probe.p50Ms,
      unit: 'ms',
      goal: { op: '≤', limit: 100 },
    },
    { figure: '  probe p99', value: probe.p99Ms, unit: 'ms', goal: { op: '≤', limit: 300 } },
    {
      figure: `  p50 on the ${settings.screens} walls (their process ${Math.round(latency.cpuShare * 100)} % busy)`,
      value: latency.p50Ms,
      unit: 'ms',
    },
    { figure: `  p99 on the ${settings.screens} walls`, value: latency.p99Ms, unit: 'ms' },
    {
      figure: '  missed events (all walls)',
      value: latency.missed + probe.missed,
      unit: '',
      goal: { op: '=', limit: 0 },
    },
    {
      figure: 'all screens resynced after the server answers',
      value: resync.missing > 0 ? null : Math.max(...after),
      unit: 's',
      goal: { op: '≤', limit: 10 },
    },
    { figure: '  resync p50', value: quantile(after, 0.5), unit: 's' },
    { figure: '  resync p99', value: quantile(after, 0.99), unit: 's' },
    { figure: "raw: single fsync'd transactions", value: disk.singleTxPerSecond, unit: '/s' },
    {
      figure: 'raw: rows in 100-row transactions',
      value: disk.rowsPerSecondIn100RowTx,
      unit: '/s',
    },
    { figure: 'raw: rows in one transaction', value: disk.rowsPerSecondInOneTx, unit: '/s' },
  ];

  const out = {
    at: new Date().toISOString(),
    machine: `${process.version}, ${cpus().length} cores`,
    // A shared machine's load shows in every figure here.
    loadAverage: loadavg().map((l) => r1(l)),
    settings,
    table: tableRows(rows),
    figures,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/scale.json'), JSON.stringify(out, null, 2) + '\n');
  console.log();
  printTable(rows);
  console.log(
    `\nproblems stored ≈ ${load.problems + single.ok + paced.ok} (+ the demo history); written to bench/results/scale.json`,
  );
} catch (err) {
  console.error(err);
  console.error(`server log:\n${server.logs.join('').slice(-4000)}`);
  process.exitCode = 1;
} finally {
  for (const c of children) await c.stop();
  await server.stop();
  if (!process.env.SCALE_KEEP) rmSync(dir, { recursive: true, force: true });
}
