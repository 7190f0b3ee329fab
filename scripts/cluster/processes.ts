// The try-out cluster's processes, for `npm run start:cluster` and the cluster test alike: a
// server node (server/main.ts) on its own port, and nginx in the foreground on a config written
// under its own prefix directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { nginxArgs, tryOutNginxConfig } from './nginx-config';

const root = resolve(import.meta.dirname, '../..');

export interface Proc {
  child: ChildProcess;
  /** What it wrote on stdout and stderr, for a message when it fails. */
  logs: string[];
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => ok(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  // Its own process group: Ctrl-C reaches only the parent, which stops each child once, in order
  // (a node that got SIGINT from the terminal and then SIGTERM would take the second as "now").
  const child = spawn(cmd, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs: string[] = [];
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  return { child, logs };
}

/** Resolves once GET url answers 200; throws with the process's output if it exits or stalls. */
export async function waitHealthy(url: string, p: Proc, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null)
      throw new Error(
        `exited with ${p.child.exitCode} before ${url} answered:\n${p.logs.join('')}`,
      );
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in ${ms / 1000} s:\n${p.logs.join('')}`);
}

/** One server node on 127.0.0.1:port; `env` carries its settings (REDIS_URL, DB_FILE, tokens…). */
export async function startNode(port: number, env: NodeJS.ProcessEnv): Promise<Proc> {
  const p = launch(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  await waitHealthy(`http://127.0.0.1:${port}/api/health`, p);
  return p;
}

/** Debian puts nginx in /usr/sbin, which is not on every user's PATH. */
export function findNginx(path = ''): string | null {
  for (const dir of [...path.split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin']) {
    try {
      accessSync(join(dir, 'nginx'), constants.X_OK);
      return join(dir, 'nginx');
    } catch {
      // not here
    }
  }
  return null;
}

/** nginx on 127.0.0.1:port in front of `nodes` (host:port), with everything it writes in `prefix`. */
export async function startNginx(
  nginx: string,
  prefix: string,
  port: number,
  nodes: string[],
): Promise<Proc> {
  mkdirSync(prefix, { recursive: true });
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, tryOutNginxConfig({ prefix, port, nodes }));
  const p = launch(nginx, nginxArgs(prefix, file), {});
  await waitHealthy(`http://127.0.0.1:${port}/api/health`, p, 15_000);
  return p;
}

/** Stops a process with `signal`, then SIGKILL if it is still there after `ms`. */
export async function stop(
  p: Proc,
  signal: NodeJS.Signals = 'SIGTERM',
  ms = 10_000,
): Promise<void> {
  const { child } = p;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, ms))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A Redis of its own on `port` (nothing saved): a test that stops or fills it, or a bench whose
 * nodes fill its stream, touches no one else's Redis (the change feed's stream name is fixed).
 */
export async function startRedis(port: number): Promise<Proc> {
  const p = launch(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { PATH: process.env.PATH },
  );
  const deadline = Date.now() + 10_000;
  while (!p.logs.join('').includes('Ready to accept connections')) {
    if (Date.now() > deadline || p.child.exitCode !== null)
      throw new Error(`redis-server did not start:\n${p.logs.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return p;
}
