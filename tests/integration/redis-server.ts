// A Redis of a test's own (its own port, nothing saved), so a test that stops or fills it touches
// no other test's Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Proc } from '../../scripts/cluster/processes';

export async function startRedis(port: number): Promise<Proc> {
  const child: ChildProcess = spawn('redis-server', [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  ]);
  const p = { child, logs: [] as string[] };
  child.stdout?.on('data', (d: Buffer) => p.logs.push(d.toString()));
  const deadline = Date.now() + 10_000;
  while (!p.logs.join('').includes('Ready to accept connections')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis-server did not start:\n${p.logs.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return p;
}
