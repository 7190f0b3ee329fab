// How long the server's event loop stood still while one request ran, seen two ways:
// - the server's own histogram (GET /api/health eventLoop.maxMs), which covers the call only when
//   its one-minute window did not roll over meanwhile (a blocked loop rolls it the moment it
//   frees), so the window is let roll first when an earlier stall (start-up) sits in it;
// - from outside: /api/health asked every 20 ms, the longest answer, which is what a wall's
//   pings feel whatever the server's histogram says.
import { health } from './scale-server';

export interface Probed<T> {
  value: T;
  ms: number;
  /** The server's histogram max over the call; null when its window rolled meanwhile. */
  loopMaxMs: number | null;
  /** Longest /api/health answer while the call ran. */
  healthMaxMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The server's window start, after letting it roll over (≤ 65 s) when an earlier stall over
 * `limitMs` (start-up, the previous measurement) sits in it, so the next max is the call's own.
 */
async function cleanWindow(url: string, limitMs: number): Promise<string | undefined> {
  const first = (await health(url))?.eventLoop;
  if (!first || first.maxMs <= limitMs) return first?.since;
  const deadline = Date.now() + 65_000;
  for (;;) {
    await sleep(500);
    const now = (await health(url))?.eventLoop;
    if (!now || now.since !== first.since || Date.now() > deadline) return now?.since;
  }
}

/**
 * The longest /api/health answer over `ms`, asked every 20 ms: how long the loop stood still
 * at worst (e.g. just after start-up, whose own work before listen the server's histogram holds).
 */
export async function longestAnswer(url: string, ms: number): Promise<number> {
  let longest = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await health(url);
    longest = Math.max(longest, performance.now() - t0);
    await sleep(20);
  }
  return Math.round(longest);
}

export async function probed<T>(
  url: string,
  call: () => Promise<T>,
  limitMs = 50,
): Promise<Probed<T>> {
  const since = await cleanWindow(url, limitMs);
  let running = true;
  let healthMaxMs = 0;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      await health(url);
      healthMaxMs = Math.max(healthMaxMs, performance.now() - t0);
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  const value = await call();
  const ms = performance.now() - t0;
  running = false;
  await probe;
  const after = await health(url);
  const loopMaxMs =
    since !== undefined && after?.eventLoop?.since === since ? after.eventLoop.maxMs : null;
  return { value, ms: Math.round(ms), loopMaxMs, healthMaxMs: Math.round(healthMaxMs) };
}
