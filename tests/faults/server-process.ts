// The real server as a child process on a fixed port and database, started and SIGKILLed again
// and again by the crash-cycle test: what a power cut or an OOM kill does to a command center.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface ServerSpec {
  port: number;
  dir: string;
  dataDir: string;
  ingestToken: string;
  adminToken: string;
  /** The checkout whose server/main.ts runs (default: this one; a benchmark may compare two). */
  root?: string;
  /** More environment for the server (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /** Node flags for the server alone (a benchmark's --cpu-prof), before the tsx loader. */
  nodeArgs?: string[];
}

export async function startServer(spec: ServerSpec): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...(spec.nodeArgs ?? []), '--import', 'tsx', 'server/main.ts'],
    {
      cwd: spec.root ?? root,
      env: {
        ...process.env,
        PORT: String(spec.port),
        HOST: '127.0.0.1',
        DATA_DIR: spec.dataDir,
        DB_FILE: join(spec.dir, 'screen.sqlite'),
        INGEST_TOKEN: spec.ingestToken,
        ADMIN_TOKEN: spec.adminToken,
        SIMULATOR: 'off',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
        CLIENT_DIR: join(spec.dir, 'none'),
        ...spec.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}: ${stderr.join('')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${spec.port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start in 60 s: ${stderr.join('')}`);
}

export async function kill9(child: ChildProcess): Promise<void> {
  await signalAndWait(child, 'SIGKILL');
}

/** Sends `signal` and waits for the exit (SIGTERM: the server closes itself first). */
export async function signalAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
