// `npm run bench:frames`: the screen under a live event storm. The real server runs the
// simulator fast enough for ~30 problem events a second; the real page runs in Chromium. We
// count the events the server sends (a socket client of our own) and measure, in the page, the
// main-thread time per frame (long tasks) and the frame intervals. Software WebGL (SwiftShader)
// makes absolute fps low on this machine; the main-thread share is what our code costs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { openBrowser, startServer } from '../tests/e2e/harness';
import type {
  ClientToServerEvents,
  Delta,
  ServerToClientEvents,
  Snapshot,
} from '../server/protocol';

const root = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SPEED = Number(process.env.BENCH_SPEED ?? 2500);

const server = await startServer({ simulator: true, simulatorSpeed: SPEED });
const b = await openBrowser(server.url);
try {
  await b.page.goto(server.url);
  await b.page.waitForSelector('[data-testid="map"] canvas', { timeout: 60_000 });
  await b.page.waitForTimeout(5000);

  // Count what the wall is sent.
  let events = 0;
  const sock: Socket<ServerToClientEvents, ClientToServerEvents> = ioClient(server.url, {
    transports: ['websocket'],
  });
  await new Promise<Snapshot>((ok) =>
    sock.on('connect', () =>
      sock.emit('subscribe', { level: 'district', id: '510106' }, (r) => r.ok && ok(r.data)),
    ),
  );
  sock.on('delta', (d: Delta) => (events += d.events?.length ?? 0));

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
  sock.close();
  const results = {
    simulatorSpeed: SPEED,
    seconds: SECONDS,
    eventsPerSecond: +(events / SECONDS).toFixed(1),
    ...page,
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
