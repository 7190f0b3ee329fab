// `npm run bench:frames`: the screen under a live event storm. The real server runs with its
// simulator off; this script sends exactly BENCH_EVENTS_PER_SECOND problem events a second (new
// reports and their workflow steps, one POST each, so one live event each) and the real page runs
// in Chromium. We count the events the wall is sent (a socket client of our own) and measure, in
// the page, frame intervals, main-thread long tasks and the map's own JavaScript per frame.
// Software WebGL (SwiftShader) makes absolute fps low on this machine; run it once with
// BENCH_EVENTS_PER_SECOND=0 for the idle baseline: the difference is what the storm costs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { openBrowser, startServer } from '../tests/e2e/harness';
import type {
  ClientToServerEvents,
  Delta,
  GeoBundle,
  ServerToClientEvents,
  Snapshot,
} from '../shared/protocol';

const root = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 30);

// One client sends the whole storm: lift the per-client write limit for it.
const server = await startServer({
  simulator: false,
  env: { RATE_LIMIT_PER_MINUTE: '100000' },
});
const b = await openBrowser(server.url);
const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

/** The storm: each tick sends one POST, a new report or the next step of an open problem. */
function storm(grids: string[]): () => void {
  const CATEGORIES = ['environment', 'property', 'dispute', 'safety', 'parking'] as const;
  const STEPS = [
    { stage: 'called' },
    { stage: 'responding', tier: 'community' },
    { stage: 'responding', tier: 'street' },
    { stage: 'handled' },
    { stage: 'closed' },
  ];
  const open: Array<{ id: string; step: number }> = [];
  let n = 0;
  const tick = () => {
    n += 1;
    if (open.length < 40 || n % 6 === 0) {
      const id = `storm-${Date.now()}-${n}`;
      open.push({ id, step: 0 });
      void post('/api/problems', {
        id,
        category: CATEGORIES[n % CATEGORIES.length],
        source: 'patrol',
        gridId: grids[n % grids.length],
      });
      return;
    }
    const p = open[n % open.length]!;
    const step = STEPS[p.step]!;
    p.step += 1;
    if (p.step === STEPS.length) open.splice(open.indexOf(p), 1);
    void post(`/api/problems/${p.id}/transitions`, step);
  };
  if (RATE <= 0) return () => {};
  const timer = setInterval(tick, 1000 / RATE);
  return () => clearInterval(timer);
}

try {
  await b.page.goto(server.url);
  await b.page.waitForSelector('[data-testid="map"] canvas', { timeout: 60_000 });
  await b.page.waitForTimeout(5000);
  const geo = (await (await fetch(`${server.url}/api/geo`)).json()) as GeoBundle;
  const regions = geo.regions.features.map((f) => f.properties);
  const grids = regions.filter((r) => r.level === 'grid').map((r) => r.id);
  const district = regions.find((r) => r.level === 'district')!.id;

  // Count what the wall is sent.
  let events = 0;
  const sock: Socket<ServerToClientEvents, ClientToServerEvents> = ioClient(server.url, {
    transports: ['websocket'],
  });
  await new Promise<Snapshot>((ok) =>
    sock.on('connect', () =>
      sock.emit('subscribe', { level: 'district', id: district }, (r) => r.ok && ok(r.data)),
    ),
  );
  sock.on('delta', (d: Delta) => (events += d.events?.length ?? 0));
  await b.page.evaluate('window.__mapFrameStatsReset && window.__mapFrameStatsReset()');
  const stop = storm(grids);

  // tsx keeps function names with a `__name` helper that the page does not have.
  await b.page.evaluate('window.__name = (f) => f');
  const page = await b.page.evaluate(async (seconds) => {
    const longTasks: number[] = [];
    new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => longTasks.push(e.duration)),
    ).observe({ type: 'longtask' });
    const frames: number[] = [];
    let last = performance.now();
    let running = true;
    const loop = (t: number) => {
      frames.push(t - last);
      last = t;
      if (running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    running = false;
    const sorted = [...frames].sort((a, b) => a - b);
    const q = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return {
      frames: frames.length,
      fps: +(frames.length / seconds).toFixed(1),
      frameMsMedian: +q(0.5).toFixed(1),
      frameMsP95: +q(0.95).toFixed(1),
      longTasks: longTasks.length,
      longTaskMsPerSecond: +(longTasks.reduce((a, b) => a + b, 0) / seconds).toFixed(1),
      heapMB: mem ? Math.round(mem.usedJSHeapSize / 1e6) : null,
    };
  }, SECONDS);
  stop();
  sock.close();
  const map = await b.page.evaluate<{ frames: number; meanMs: number; p95Ms: number } | null>(
    'window.__mapFrameStats && window.__mapFrameStats()',
  );
  const results = {
    eventsPerSecondAsked: RATE,
    seconds: SECONDS,
    eventsPerSecond: +(events / SECONDS).toFixed(1),
    ...page,
    mapJsMsPerFrameMean: map ? +map.meanMs.toFixed(2) : null,
    mapJsMsPerFrameP95: map ? +map.p95Ms.toFixed(2) : null,
    consoleProblems: b.consoleProblems.length,
    at: new Date().toISOString(),
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/frames.json'), JSON.stringify(results, null, 2) + '\n');
  console.table(results);
  console.log('written to bench/results/frames.json');
} finally {
  await b.close();
  await server.stop();
}
