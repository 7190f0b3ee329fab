// `npm run bench`: how fast the server's parts are on this machine, written to
// bench/results/latest.json and printed. Figures, not pass/fail: timings on a shared 2-core box
// are noisy, so they live here and not in unit tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { buildApp } from '../server/app';
import { configFromEnv } from '../server/config';
import { recountFromStore } from '../server/aggregate/recount';
import type {
  ClientToServerEvents,
  Delta,
  ServerToClientEvents,
  Snapshot,
} from '../shared/protocol';
import type { Socket } from 'socket.io-client';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const results: Record<string, number | string> = {};
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (t0: number) => performance.now() - t0;

const config = {
  ...configFromEnv(
    {
      DB_FILE: join(dir, 'bench.sqlite'),
      INGEST_TOKEN: 'bench-ingest-token-0001',
      ADMIN_TOKEN: 'bench-admin-token-00001',
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: join(dir, 'none'),
    },
    root,
  ),
};
let t0 = performance.now();
const app = await buildApp(config);
results.startFirstMs = Math.round(ms(t0));
const s = app.services;
const grids = [...s.index.regions.values()].filter((r) => r.level === 'grid').map((r) => r.id);
const auth = { authorization: 'Bearer bench-ingest-token-0001' };

// Full recount of the demo district (history + back-filled activity) from SQLite.
t0 = performance.now();
await recountFromStore(s.store, s.index, Date.now);
results.recountMs = Math.round(ms(t0));

// A briefing's frozen figures at a new moment (yesterday's end): the same recount, records cut
// back to the moment; paid once per briefing, every window after the first reads the cache.
t0 = performance.now();
const asOf = await app.inject({
  url: '/api/snapshot?at=' + new Date(Date.now() - 86_400_000).toISOString(),
  // A new moment is counted only for an admin (or a presenter starting a briefing).
  headers: { authorization: 'Bearer bench-admin-token-00001' },
});
results.snapshotAtNewMomentMs = Math.round(ms(t0));
if (asOf.statusCode !== 200) throw new Error(`snapshot?at= answered ${asOf.statusCode}`);

// One write through the whole HTTP stack (schema, auth, transaction with fsync, aggregates).
const N = 1000;
t0 = performance.now();
for (let i = 0; i < N; i++)
  await app.inject({
    method: 'POST',
    url: '/api/problems',
    headers: auth,
    payload: {
      id: `b-${i}`,
      category: 'environment',
      source: 'patrol',
      gridId: grids[i % grids.length],
    },
  });
results.httpWritesPerSecond = Math.round(N / (ms(t0) / 1000));

// The same through /api/batch: one transaction for many records.
const B = 5000;
const records = Array.from({ length: B }, (_, i) => ({
  type: 'problem',
  data: { id: `bb-${i}`, category: 'parking', source: 'hotline', gridId: grids[i % grids.length] },
}));
t0 = performance.now();
const batch = await app.inject({
  method: 'POST',
  url: '/api/batch',
  headers: auth,
  payload: { records },
});
results.batchRecordsPerSecond = Math.round(B / (ms(t0) / 1000));
results.batchAccepted = batch.json<{ accepted: number }>().accepted;

// The hub's batch tick with a district and 13 street screens after 100 writes in the interval.
const address = await app.listen({ port: 0, host: '127.0.0.1' });
type C = Socket<ServerToClientEvents, ClientToServerEvents>;
const connect = () =>
  new Promise<C>((ok) => {
    const c: C = ioClient(address, { transports: ['websocket'] });
    c.once('connect', () => ok(c));
  });
const sub = (c: C, level: 'district' | 'street', id: string) =>
  new Promise<Snapshot>((ok) => c.emit('subscribe', { level, id }, (r) => r.ok && ok(r.data)));
const wall = await connect();
const snap = await sub(wall, 'district', s.index.districtId);
results.snapshotBytes = JSON.stringify(snap).length;
const streets = [...s.index.regions.values()].filter((r) => r.level === 'street');
const others = await Promise.all(
  streets.map(async (st) => {
    const c = await connect();
    await sub(c, 'street', st.id);
    return c;
  }),
);
const flushes: number[] = [];
for (let round = 0; round < 20; round++) {
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      s.ingest.createProblem({
        id: `f-${round}-${i}`,
        category: 'safety',
        source: 'resident',
        gridId: grids[(round * 100 + i) % grids.length],
      }),
    ),
  );
  t0 = performance.now();
  app.hub.flush();
  flushes.push(ms(t0));
}
results.flushMsMedian = +quantile(flushes, 0.5).toFixed(1);
results.flushMsP95 = +quantile(flushes, 0.95).toFixed(1);

// Write → delta on a real socket: the latency a wall sees (includes the 250 ms batch window).
const latencies: number[] = [];
for (let i = 0; i < 40; i++) {
  const id = `lat-${i}`;
  const got = new Promise<void>((ok) => {
    const on = (d: Delta) => {
      if (d.events?.some((e) => e.problemId === id)) {
        wall.off('delta', on);
        ok();
      }
    };
    wall.on('delta', on);
  });
  t0 = performance.now();
  await fetch(`${address}/api/problems`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ id, category: 'dispute', source: 'patrol', gridId: grids[i] }),
  });
  await got;
  latencies.push(ms(t0));
}
results.writeToScreenMsMedian = Math.round(quantile(latencies, 0.5));
results.writeToScreenMsP95 = Math.round(quantile(latencies, 0.95));
results.heapUsedMB = Math.round(process.memoryUsage().heapUsed / 1e6);
results.machine = `${process.version}, ${(await import('node:os')).cpus().length} cores`;
results.at = new Date().toISOString();

for (const c of [wall, ...others]) c.close();
await app.close();
rmSync(dir, { recursive: true, force: true });

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
console.table(results);
console.log('written to bench/results/latest.json');
