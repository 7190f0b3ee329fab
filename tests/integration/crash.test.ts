// An acknowledged write survives kill -9: the real server as a child process takes writes from
// sixteen concurrent writers (so they share group commits), is SIGKILLed the moment the 150th
// acknowledgement arrives, and after a restart on the same file every acknowledged problem and
// check-in is there.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../e2e/harness';
import { INGEST } from './build-app';
import { tinyGridIds, tinyDatasetDir } from '../fixtures/tiny-dataset';
import { ON_PG, SQLITE_ONLY } from './test-store';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DB_FILE: join(dir, 'screen.sqlite'),
      INGEST_TOKEN: INGEST,
      ADMIN_TOKEN: `${INGEST}-admin`,
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: join(dir, 'none'),
    },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

describe.skipIf(ON_PG)(`durability (${SQLITE_ONLY})`, () => {
  it('keeps every acknowledged write after SIGKILL', async () => {
    const port = await freePort();
    const dataDir = await tinyDatasetDir();
    const url = `http://127.0.0.1:${port}`;
    const child = await start(port, dataDir);
    // Listen before killing: the exit may come before the writers notice the server is gone.
    const exited = new Promise((r) => child.once('exit', r));
    const acked: string[] = [];
    const grids = tinyGridIds();
    let killed = false;
    let largestGroup = 0;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const id = `crash-${w}-${i}`;
        const isCheckin = i % 5 === 4;
        try {
          const r = await fetch(`${url}/api/${isCheckin ? 'volunteer-checkins' : 'problems'}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
            body: JSON.stringify(
              isCheckin
                ? { id, regionId: grids[i % grids.length], hours: 1 }
                : { id, category: 'safety', source: 'patrol', gridId: grids[i % grids.length] },
            ),
          });
          if (r.status === 201) acked.push(id);
          if (acked.length >= 150 && !killed) {
            killed = true;
            // The other writers go on meanwhile: the kill still lands on writes in flight.
            const health = await fetch(`${url}/api/health`);
            largestGroup = ((await health.json()) as { writes: { largest: number } }).writes
              .largest;
            child.kill('SIGKILL');
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(150);
    // The writes were acknowledged from shared commits, not one commit each.
    expect(largestGroup).toBeGreaterThan(1);

    const again = await start(port, dataDir);
    try {
      const missing: string[] = [];
      const isCheckin = (id: string) => Number(id.split('-').pop()) % 5 === 4;
      for (const id of acked) {
        if (isCheckin(id)) continue;
        if ((await fetch(`${url}/api/problems/${id}`)).status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      const snap = await (await fetch(`${url}/api/snapshot`)).json();
      const checkins = acked.filter(isCheckin).length;
      expect(snap.view.windows.today.volunteerCheckins).toBeGreaterThanOrEqual(checkins);
      expect(snap.view.windows.today.reported).toBeGreaterThanOrEqual(acked.length - checkins);
    } finally {
      again.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
