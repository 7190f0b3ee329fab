// `npm run bench:scale`: issue #14's table at city scale. A fresh database, the real server as a
// child process, SCALE_N problems with their whole lives loaded through /api/batch, then each
// figure: restart, recount, a briefing's new moment, an import, single writes, event → wall
// latency with SCALE_SCREENS walls, and every wall's resync after a restart. Load generators run in processes
// of their own (bench/scale-*.ts); the disk's raw limits (and PostgreSQL's) are measured in the
// same run. Writes bench/results/<scale | scale-pg | scale-pg-2nodes>.json and prints the table.
// With several nodes, writes go to node 1 and the walls sit on the last node, so the event → wall
// latency crosses nodes.
//
//   npm run bench:scale                                            # 1M problems, 2,000 walls
//   SCALE_N=20000 SCALE_SCREENS=200 SCALE_WRITE_SECONDS=5 npm run bench:scale   # a quick check
//   SCALE_STORE=pg npm run bench:scale                             # on a fresh PostgreSQL database
//   SCALE_STORE=pg SCALE_NODES=2 npm run bench:scale               # 2 nodes joined through Redis
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DAY_MS, localIso } from '../shared/local-time';
import { measureDisk } from './scale-disk';
import { forkChild, quantile, type Child, type Message } from './scale-ipc';
import { requestLoad } from './scale-load-request';
import { importFile, step, upload } from './scale-import';
import { longestAnswer, probed } from './scale-probe';
import { measurePg } from './scale-pg-limits';
import { scaleRows } from './scale-rows';
import type { LatencyFigures, ResyncFigures } from './scale-screens';
import { ADMIN_TOKEN, INGEST_TOKEN, rssMB } from './scale-server';
import { describeRun, resultsName, scaleSettings } from './scale-settings';
import { benchStore } from './scale-store';
import { printTable, tableRows } from './scale-table';
import type { WriteFigures, WriteParams } from './scale-writers';

const root = resolve(import.meta.dirname, '..');
const settings = scaleSettings(process.env);
const resultsFile = `bench/results/${resultsName(settings)}.json`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const log = (s: string) =>
  console.log(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${s}`);

const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
const store = await benchStore(settings, dir);
const { nodes } = store;
// Writers talk to node 1, walls to the last node (the same one when there is one).
const server = nodes[0]!;
const wallNode = nodes.at(-1)!;
const children: Child[] = [];
const spawnChild = (file: string) => {
  const c = forkChild(file);
  children.push(c);
  return c;
};
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const figures: Record<string, unknown> = {};

try {
  log(describeRun(settings));
  log(`raw disk limits in ${dir}`);
  const disk = measureDisk(dir);
  figures.disk = disk;
  const pg = store.pgUrl ? await measurePg(store.pgUrl) : null;
  if (pg) {
    log(`raw PostgreSQL limits: ${JSON.stringify(pg)}`);
    figures.pg = pg;
  }

  log('first start (fresh database, demo history imported)');
  figures.firstStartMs = Math.round(await server.start());
  // One after the other: the first has made the schema and the demo history by then.
  for (const n of nodes.slice(1)) await n.start();

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
  // What start-up still does once it listens must not stop the loop either.
  const afterListenMs = await longestAnswer(server.url, 3000);
  const restart = {
    stopMs: Math.round(stopMs),
    restartMs: Math.round(restartMs),
    afterListenMs,
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

  // Generated before the probe: only the server's side of the import is measured.
  const csv = await importFile(dir, settings.importRows);
  log(`import of ${csv.rows.toLocaleString('en-US')} rows (CSV: upload, dry run, run)`);
  const imported = await probed(server.url, async () => {
    const doc = await upload(server.url, csv);
    const t0 = performance.now();
    await step(server.url, doc.id, 'dry-run');
    const dryRunS = r1((performance.now() - t0) / 1000);
    const done = await step(server.url, doc.id, 'run');
    const rejected = Object.values(done.result!.rejected).reduce((a, b) => a + b, 0);
    return {
      dryRunS,
      runS: done.result!.seconds ?? null,
      accepted: done.result!.accepted,
      rejected,
    };
  });
  figures.import = {
    rows: csv.rows,
    ms: imported.ms,
    ...imported.value,
    loopMaxMs: imported.loopMaxMs,
    healthMaxMs: imported.healthMaxMs,
  };
  log(`import: ${imported.value.accepted} rows stored, ${imported.value.rejected} rejected`);

  const writers = spawnChild('scale-writers.ts');
  const write = async (req: WriteParams & { urls: string[] }) => {
    writers.send({ type: 'write', token: INGEST_TOKEN, ...req });
    return writers.next<WriteFigures>('written', (req.seconds + 120) * 1000);
  };
  log(`single writes: ${settings.writers} callers for ${settings.writeSeconds} s`);
  const single = await write({
    urls: [server.url],
    callers: settings.writers,
    seconds: settings.writeSeconds,
    prefix: 'wa-',
  });
  figures.singleWrites = { ...single, ackedByGrid: undefined };
  let spread: WriteFigures | null = null;
  if (nodes.length > 1) {
    log(`single writes over ${nodes.length} nodes: ${settings.writers} callers`);
    spread = await write({
      urls: nodes.map((n) => n.url),
      callers: settings.writers,
      seconds: settings.writeSeconds,
      prefix: 'wc-',
    });
    figures.singleWritesSpread = { ...spread, ackedByGrid: undefined };
  }

  log(`${settings.screens} screens connecting, and ${settings.probeScreens} probe walls`);
  const screens = spawnChild('scale-screens.ts');
  screens.send({ type: 'connect', url: wallNode.url, count: settings.screens });
  const connected = await screens.next<Message & { seconds: number }>('connected', 600_000);
  figures.screensConnectSeconds = r1(connected.seconds);
  const probes = spawnChild('scale-screens.ts');
  probes.send({ type: 'connect', url: wallNode.url, count: settings.probeScreens });
  await probes.next('connected', 120_000);

  /** Paced writes while every wall measures their events: the walls' figures and the writes'. */
  const pacedPhase = async (rate: number, prefix: string, callers: number) => {
    log(`event → screen: ${rate} writes/s for ${settings.writeSeconds} s`);
    for (const c of [screens, probes]) c.send({ type: 'measure', prefix });
    const paced = await write({
      urls: [server.url],
      callers,
      seconds: settings.writeSeconds,
      rate,
      prefix,
    });
    await sleep(3000); // the last batch window, and the walls' own backlog
    const expect = { type: 'expect', url: wallNode.url, ackedByGrid: paced.ackedByGrid };
    for (const c of [screens, probes]) c.send(expect);
    const latency = await screens.next<LatencyFigures>('latency', 120_000);
    const probe = await probes.next<LatencyFigures>('latency', 120_000);
    return { paced, latency, probe };
  };
  const { paced, latency, probe } = await pacedPhase(settings.eventRate, 'wb-', 8);
  figures.eventToScreen = { ...latency, writes: paced.ok, writeP99Ms: paced.p99Ms };
  figures.eventToProbe = probe;
  // At 10 writes/s every district wall waits for the next of ≤ 4 deltas/s (125 ms on average);
  // below 4/s each event is the first after a quiet spell and goes out at once: the fan-out's own
  // latency, what a city's walls see (1M problems a year is one every 30 s).
  const { paced: lonePaced, probe: lone } = await pacedPhase(settings.loneRate, 'wl-', 2);
  await probes.stop();
  figures.eventToProbeLone = { ...lone, writes: lonePaced.ok, rate: settings.loneRate };

  log('restart with the screens connected');
  screens.send({ type: 'mark' });
  await wallNode.stop();
  await wallNode.start();
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

  const rows = scaleRows(settings, {
    restart,
    recount,
    snapshot,
    imported: { ...imported, rows: csv.rows },
    load,
    single,
    spread,
    probe,
    lone,
    latency,
    resyncAfter: after,
    resyncMissing: resync.missing,
    disk,
    pg,
  });

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
  writeFileSync(join(root, resultsFile), JSON.stringify(out, null, 2) + '\n');
  console.log(`\n${describeRun(settings)}; load average ${out.loadAverage.join(', ')}`);
  printTable(rows);
  console.log(
    `\nproblems stored ≈ ${load.problems + imported.value.accepted + single.ok + (spread?.ok ?? 0) + paced.ok} (+ the demo history); written to ${resultsFile}`,
  );
} catch (err) {
  console.error(err);
  for (const [i, n] of nodes.entries())
    console.error(`node ${i + 1} log:\n${n.logs.join('').slice(-4000)}`);
  process.exitCode = 1;
} finally {
  for (const c of children) await c.stop();
  await store.close(Boolean(process.env.SCALE_KEEP));
  if (!process.env.SCALE_KEEP) rmSync(dir, { recursive: true, force: true });
}
