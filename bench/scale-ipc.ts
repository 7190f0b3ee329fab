// How bench:scale's processes talk: the orchestrator forks each load generator (loader, writers,
// screens) as its own Node process, so the server's figures are not bought with the generators'
// CPU, and exchanges typed messages with it over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Anything a child sends: a `type` and its figures. */
export interface Message {
  type: string;
  [key: string]: unknown;
}

export interface Child {
  proc: ChildProcess;
  send(msg: Message): void;
  /** The next message of this type (rejects when the child exits first or after `timeoutMs`). */
  next<T extends Message>(type: T['type'], timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks bench/<file> under tsx with `env` added to this process's environment. */
export function forkChild(file: string, env: Record<string, string> = {}): Child {
  const proc = fork(resolve(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Message[] = [];
  const waiting: Array<(m: Message) => boolean> = [];
  proc.on('message', (m: Message) => {
    const i = waiting.findIndex((w) => w(m));
    if (i >= 0) waiting.splice(i, 1);
    else inbox.push(m);
  });
  return {
    proc,
    send: (msg) => void proc.send(msg),
    next<T extends Message>(type: string, timeoutMs = 3_600_000) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as T);
      return new Promise<T>((ok, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`${file}: no "${type}" in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onExit = (code: number | null) =>
          fail(new Error(`${file} exited (${code}) before sending "${type}"`));
        proc.once('exit', onExit);
        waiting.push((m) => {
          if (m.type !== type) return false;
          clearTimeout(timer);
          proc.off('exit', onExit);
          ok(m as T);
          return true;
        });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** In a child: the messages from the orchestrator, and a typed way to answer. */
export function parentChannel(): {
  reply(msg: Message): void;
  on(handler: (msg: Message) => void | Promise<void>): void;
} {
  if (!process.send) throw new Error('run through bench/scale.ts (npm run bench:scale)');
  return {
    reply: (msg) => void process.send!(msg),
    on(handler) {
      process.on('message', (m: Message) => {
        Promise.resolve(handler(m)).catch((err: unknown) => {
          console.error(err);
          process.exit(1);
        });
      });
      // The orchestrator going away ends the child too.
      process.on('disconnect', () => process.exit(0));
    },
  };
}

/**
 * The id a bench write carries: `${prefix}${caller}-${n}-${sent ms}`. The send time rides in it, so
 * the screens process tells how long an event took to reach a wall without a side channel.
 */
export const writeId = (prefix: string, caller: number, n: number): string =>
  `${prefix}${caller}-${n}-${Date.now()}`;
export const sentAtOf = (problemId: string): number => Number(problemId.split('-').at(-1));

/** Percentile of a list (nearest rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
