// Shared by the browser tests: the real server as a child process (temp DB, free port) and the
// real Debian chromium, with every console error/warning and every off-server request recorded.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ensureClientBuild } from '../../scripts/ensure-client';
import { freePort } from '../../scripts/cluster/processes';

export const CHROMIUM = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '../..');

/** In CI a missing browser is a failure; on a developer's machine the browser tests skip. */
export const browserAvailable = existsSync(CHROMIUM);
export const skipBrowser = !browserAvailable && !process.env.CI;
if (skipBrowser)
  console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

// One free-port helper for tests, benches and the cluster script.
export { freePort };

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  dbFile: string;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port and database (restart tests), with `env` changed if given. */
  restart(env?: Record<string, string>): Promise<void>;
}

export interface ServerOptions {
  simulator?: boolean;
  simulatorSpeed?: number;
  env?: Record<string, string>;
  dataDir?: string;
}

async function waitForHealth(url: string, child: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited (${child.exitCode}):\n${logs.join('')}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy in 60 s:\n${logs.join('')}`);
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  await ensureClientBuild();
  const dir = mkdtempSync(join(tmpdir(), 'screen-e2e-'));
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const dbFile = join(dir, 'screen.sqlite');
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DB_FILE: dbFile,
    INGEST_TOKEN: token,
    ADMIN_TOKEN: `${token}-admin`,
    SIMULATOR: opts.simulator === false ? 'off' : 'on',
    SIMULATOR_SPEED: String(opts.simulatorSpeed ?? 1),
    LOG_LEVEL: 'warn',
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...opts.env,
  };
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env });
    child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
    await waitForHealth(url, child, logs);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  await launch();
  return {
    url,
    port,
    token,
    dbFile,
    logs,
    stop: async (signal) => {
      await stop(signal);
      if (!signal) rmSync(dir, { recursive: true, force: true });
    },
    restart: async (more = {}) => {
      await stop();
      Object.assign(env, more);
      await launch();
    },
  };
}

/**
 * A screenshot the README shows: taken into test-results/ on every run, and copied over its
 * tracked copy in docs/ only with UPDATE_DOCS=1 (a test run leaves the work tree as it was).
 */
export function refreshDocsShot(file: string): void {
  if (process.env.UPDATE_DOCS !== '1') return;
  mkdirSync('docs', { recursive: true });
  copyFileSync(`test-results/${file}`, `docs/${file}`);
}

export interface OpenBrowser {
  browser: Browser;
  page: Page;
  /** console errors and warnings, and uncaught page errors. */
  consoleProblems: string[];
  /** Requests that left our server: must stay empty (exhibition halls are offline). */
  foreignRequests: string[];
  close(): Promise<void>;
}

export async function openBrowser(
  serverUrl: string,
  viewport = { width: 1920, height: 1080 },
): Promise<OpenBrowser> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleProblems: string[] = [];
  const foreignRequests: string[] = [];
  const origin = new URL(serverUrl).origin;
  page.on('console', (msg) => {
    const type = msg.type();
    // SwiftShader prints performance notes about pixel reads; they are the test's own doing.
    if ((type === 'error' || type === 'warning') && !/GPU stall due to ReadPixels/.test(msg.text()))
      consoleProblems.push(`${type}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleProblems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))
      foreignRequests.push(u);
  });
  return { browser, page, consoleProblems, foreignRequests, close: () => browser.close() };
}

/**
 * Share of the canvas's pixels that differ from its most common colour (the background). Only
 * canvases are measured: every other element (legend, figures, captions over the map) is hidden
 * for the screenshot, so HTML alone cannot pass for a map that drew.
 */
export async function canvasInkShare(page: Page, selector: string): Promise<number> {
  const css = await page.addStyleTag({
    content: 'body *:not(canvas):not(:has(canvas)) { visibility: hidden !important; }',
  });
  let shot: Buffer;
  try {
    const box = await page.locator(selector).first().boundingBox();
    if (!box) return 0;
    shot = await page.screenshot({ clip: box });
  } finally {
    await css.evaluate((el) => (el as Element).remove());
  }
  const { PNG } = await import('pngjs');
  const png = PNG.sync.read(shot);
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = png.data.length / 4;
  const background = Math.max(...counts.values());
  return (total - background) / total;
}

/**
 * How a {@link TcpProxy} drops the network. `refuse`: every open connection is reset both ways
 * and new ones are refused (the listener closes), as when a switch port or a NAT entry dies and
 * the peer answers RST. `blackhole`: nothing is closed, nothing gets through: open connections
 * stop forwarding and new ones are accepted but never answered, as when a cable is pulled
 * somewhere upstream; only a timeout (socket.io's ping) can tell.
 */
export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  /** http://127.0.0.1:<proxy port>: open the page here instead of the server's URL. */
  url: string;
  port: number;
  /** Connections currently forwarded or held. */
  open(): number;
  cut(mode?: CutMode): Promise<void>;
  /**
   * The network is back. After `refuse` the listener opens again on the same port; after
   * `blackhole` the held connections forward again (TCP would retransmit what was queued) and the
   * ones accepted meanwhile are connected to the server.
   */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A real TCP proxy (node:net) between the browser and the server, for network-drop tests. */
export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  interface Pair {
    client: Socket;
    upstream: Socket | null;
  }
  const pairs = new Set<Pair>();
  let state: 'open' | CutMode = 'open';
  let server: Server;

  const forward = (pair: Pair) => {
    const upstream = connect(targetPort, targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  };
  const onConnection = (client: Socket) => {
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (state === 'open') forward(pair);
    else if (state === 'blackhole')
      client.pause(); // accepted, never answered
    else client.resetAndDestroy(); // raced the listener's close
  };
  const listen = (port: number) =>
    new Promise<void>((ok, fail) => {
      server = createServer(onConnection);
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
  const closeListener = () => new Promise<void>((ok) => server.close(() => ok()));

  await listen(0);
  const addr = server!.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    open: () => pairs.size,
    async cut(mode = 'refuse') {
      if (state !== 'open') throw new Error(`proxy already cut (${state})`);
      state = mode;
      if (mode === 'refuse') {
        const closed = closeListener();
        for (const { client, upstream } of pairs) {
          client.resetAndDestroy();
          upstream?.resetAndDestroy();
        }
        await closed;
      } else {
        for (const { client, upstream } of pairs) {
          if (!upstream) continue;
          client.unpipe(upstream);
          upstream.unpipe(client);
          client.pause();
          upstream.pause();
        }
      }
    },
    async restore() {
      if (state === 'open') return;
      const was = state;
      state = 'open';
      if (was === 'refuse') {
        await listen(port);
        return;
      }
      for (const pair of pairs) {
        if (!pair.upstream) forward(pair);
        else {
          pair.client.pipe(pair.upstream);
          pair.upstream.pipe(pair.client);
        }
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      if (server.listening) await closeListener();
    },
  };
}
