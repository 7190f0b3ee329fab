// The server under test as a child process, through its public surface only: `server/main.ts`
// with environment settings (server/config.ts), /api/health to know it answers, SIGTERM to stop
// it, /proc for its resident memory. Nothing here imports server internals, so the bench keeps
// measuring whatever the server becomes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../scripts/cluster/processes';

const root = resolve(import.meta.dirname, '..');
export const INGEST_TOKEN = 'scale-bench-ingest-token-01';
export const ADMIN_TOKEN = 'scale-bench-admin-token-001';

export interface Health {
  ok: boolean;
  uptimeSeconds: number;
  eventLoop?: { p99Ms: number; maxMs: number; since: string };
}

export async function health(url: string): Promise<Health | null> {
  try {
    const r = await fetch(`${url}/api/health`);
    return r.ok ? ((await r.json()) as Health) : null;
  } catch {
    return null; // not listening (yet)
  }
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/**
 * CPU time a process has used so far, in seconds (user + system, Linux /proc): on a shared
 * machine its difference over a load says what the server spent, whatever else ran beside it.
 */
export function cpuSeconds(pid: number): number {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

export interface ServerUnderTest {
  url: string;
  pid(): number;
  /** Spawns the server; resolves when /api/health answers, with the ms that took. */
  start(): Promise<number>;
  /** SIGTERM and wait for the exit; resolves with the ms the graceful close took. */
  stop(): Promise<number>;
  logs: string[];
}

/**
 * `env` adds settings: DATABASE_URL and REDIS_URL make it a PostgreSQL node of a cluster.
 * `serverRoot`: the checkout whose server runs (another build, to compare).
 */
export async function serverUnderTest(
  dir: string,
  env: NodeJS.ProcessEnv = {},
  serverRoot = root,
): Promise<ServerUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DB_FILE: join(dir, 'scale.sqlite'),
    INGEST_TOKEN,
    ADMIN_TOKEN,
    SIMULATOR: 'off',
    LOG_LEVEL: 'warn',
    // The bench is one caller writing as fast as the server lets it; the per-IP limit would
    // measure the limiter instead.
    RATE_LIMIT_PER_MINUTE: '100000000',
    CLIENT_DIR: join(dir, 'no-client'),
    ...env,
  };
  const logs: string[] = [];
  let child: ChildProcess | null = null;
  return {
    url,
    logs,
    pid: () => child?.pid ?? NaN,
    async start() {
      const t0 = performance.now();
      // Node with tsx as a loader (not the tsx CLI, which would run the server in a grandchild
      // and leave us measuring the wrapper's memory).
      // BENCH_SERVER_NODE_ARGS: node flags for the server alone (NODE_OPTIONS refuses some, and
      // would reach every process of the bench), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const c = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
        cwd: serverRoot,
        env: childEnv,
      });
      child = c;
      c.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
      c.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
      const deadline = Date.now() + 600_000;
      while (Date.now() < deadline) {
        if (c.exitCode !== null)
          throw new Error(`server exited (${c.exitCode}):\n${logs.join('')}`);
        if (await health(url)) return performance.now() - t0;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`server did not answer in 10 min:\n${logs.join('')}`);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return 0;
      const t0 = performance.now();
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await exited;
      }
      return performance.now() - t0;
    },
  };
}
