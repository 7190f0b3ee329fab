// Idempotency keys are remembered for 7 days, not forever: swept at start and then daily on the
// app's clock, by a timer that stops with the app.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds, tinyDatasetDir } from '../fixtures/tiny-dataset';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { startIdempotencySweep } from '../../server/store/idempotency-sweep';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'idem-'));
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.useRealTimers();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scope = (problemId: string, key: string) =>
  ({ route: 'transition', problemId, key }) as const;

describe('idempotency sweep', () => {
  it('forgets keys older than 7 days when the app starts', async () => {
    const t0 = Date.parse('2026-11-10T10:00:00+08:00');
    let clock = t0;
    const now = () => clock;
    const dataDir = await tinyDatasetDir();
    const dbFile = join(dir, 'screen.sqlite');
    const keyed = async (id: string, key: string) => {
      const create = { id, category: 'dispute', source: 'hotline', gridId: tinyGridIds()[0] };
      expect((await post(t!.app, '/api/problems', create)).statusCode).toBe(201);
      const h = { ...auth, 'idempotency-key': key };
      expect(
        (await post(t!.app, `/api/problems/${id}/transitions`, { stage: 'called' }, h)).statusCode,
      ).toBe(200);
    };
    t = await buildTestApp({ now, dataDir, dbFile });
    await keyed('old-1', 'k-old');
    clock = t0 + 3 * DAY;
    await keyed('new-1', 'k-new');
    const store = () => t!.app.services.store;
    expect(await store().getIdempotent(scope('old-1', 'k-old'))).toMatchObject({ status: 200 });
    await t.close();

    clock = t0 + 8 * DAY; // k-old is 8 days old, k-new 5
    t = await buildTestApp({ now, dataDir, dbFile });
    // The start's sweep runs beside the app's start, not before it answers (on PostgreSQL, under
    // load, a read right after the start can come first).
    await expect
      .poll(() => store().getIdempotent(scope('old-1', 'k-old')), { timeout: 10_000 })
      .toBeUndefined();
    expect(await store().getIdempotent(scope('new-1', 'k-new'))).toMatchObject({ status: 200 });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sweeps again every day until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = openSqliteStore(':memory:');
    let clock = Date.parse('2026-11-10T10:00:00+08:00');
    const swept: number[] = [];
    const sweep = startIdempotencySweep(
      store,
      () => clock,
      (n) => swept.push(n),
      (err) => {
        throw err;
      },
    );
    await store.putIdempotent(scope('p', 'a'), 'h', { status: 200, body: { n: 1 } }, clock);
    clock += 6 * DAY;
    vi.advanceTimersByTime(DAY - 1);
    expect(await store.getIdempotent(scope('p', 'a'))).toEqual({
      status: 200,
      body: { n: 1 },
      bodyHash: 'h',
    });
    clock += DAY + 1;
    vi.advanceTimersByTime(1); // the daily tick: 'a' is now 7 days and 1 ms old
    expect(await store.getIdempotent(scope('p', 'a'))).toBeUndefined();
    expect(swept).toEqual([1]);

    sweep.stop();
    await store.putIdempotent(scope('p', 'b'), 'h', { status: 200, body: {} }, clock);
    clock += 30 * DAY;
    vi.advanceTimersByTime(5 * DAY);
    expect(await store.getIdempotent(scope('p', 'b'))).toMatchObject({ status: 200, body: {} });
    await store.close();
  });
});
