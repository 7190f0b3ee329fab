// A changed INGEST_TOKEN / ADMIN_TOKEN retires the old one: restarting on the same database with
// new tokens must lock the old ones out of writes, admin and the screen guard.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds, tinyDatasetDir } from '../fixtures/tiny-dataset';

const dir = mkdtempSync(join(tmpdir(), 'tokens-'));
let dataDir: string;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD_INGEST = 'old-ingest-token-000000001';
const OLD_ADMIN = 'old-admin-token-0000000001';
const NEW_INGEST = 'new-ingest-token-000000001';
const NEW_ADMIN = 'new-admin-token-0000000001';
const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });
const problem = (id: string) => ({
  id,
  category: 'environment',
  source: 'patrol',
  gridId: tinyGridIds()[0],
});

async function start(ingest: string, admin: string) {
  dataDir ??= await tinyDatasetDir();
  return buildTestApp({
    dataDir,
    dbFile: join(dir, 'screen.sqlite'),
    screenToken: 'wall-secret-rot',
    env: { INGEST_TOKEN: ingest, ADMIN_TOKEN: admin },
  });
}

describe('token rotation', () => {
  it('refuses the old tokens after a restart with new ones', async () => {
    t = await start(OLD_INGEST, OLD_ADMIN);
    expect(
      (await post(t.app, '/api/problems', problem('rot-1'), bearer(OLD_INGEST))).statusCode,
    ).toBe(201);
    await t.close();

    t = await start(NEW_INGEST, NEW_ADMIN);
    const old = await post(t.app, '/api/problems', problem('rot-2'), bearer(OLD_INGEST));
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({ error: 'unauthorized' });
    expect((await post(t.app, '/api/admin/recount', {}, bearer(OLD_ADMIN))).statusCode).toBe(401);
    // The screen guard also accepts write tokens: not the retired ones.
    expect((await t.app.inject({ url: `/api/geo?token=${OLD_INGEST}` })).statusCode).toBe(401);

    expect(
      (await post(t.app, '/api/problems', problem('rot-3'), bearer(NEW_INGEST))).statusCode,
    ).toBe(201);
    expect((await post(t.app, '/api/admin/recount', {}, bearer(NEW_ADMIN))).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/geo?token=${NEW_INGEST}` })).statusCode).toBe(200);
  });
});
