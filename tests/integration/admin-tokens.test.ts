// Named tokens of the admin console: the secret is shown once, only its hash is stored, it works
// for its own scope only, its use is recorded, and once revoked it is refused.
import Database from 'better-sqlite3';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, INGEST, type TestApp } from './build-app';
import { sqlOn } from './pg-db';

const admin = { authorization: `Bearer ${ADMIN}` };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function create(name: string, scope: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/admin/tokens',
    headers: admin,
    payload: { name, scope },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; token: string; scope: string; name: string }>();
}

const listImports = (h: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: '/api/imports', headers: h });

/** Every stored console-token row, as the database holds it. */
async function tokenRows(): Promise<unknown[]> {
  if (t.config.databaseUrl) return sqlOn(t.config.databaseUrl, 'SELECT * FROM console_tokens');
  const db = new Database(t.config.dbFile, { readonly: true });
  const rows = db.prepare('SELECT * FROM console_tokens').all();
  db.close();
  return rows;
}

describe('admin console tokens', () => {
  it('needs an admin token: ingest tokens and strangers are refused', async () => {
    const who = await t.app.inject({ method: 'GET', url: '/api/admin/whoami', headers: admin });
    expect(who.json()).toMatchObject({ name: 'ADMIN_TOKEN', scope: 'admin' });
    expect(who.json().reasons.bad_date).toEqual(['日期无法识别', 'date not recognised']);
    const ingest = await t.app.inject({
      method: 'GET',
      url: '/api/admin/whoami',
      headers: bearer(INGEST),
    });
    expect(ingest.statusCode).toBe(403);
    const nobody = await t.app.inject({
      method: 'GET',
      url: '/api/admin/tokens',
      headers: bearer('not-a-token-at-all'),
    });
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json()).toMatchObject({ error: 'unauthorized' });
    // Without a token: which token an admin read needs, not the ingest one.
    const bare = await t.app.inject({ method: 'GET', url: '/api/admin/tokens' });
    expect(bare.statusCode).toBe(401);
    expect(bare.json().message).toContain('scope "admin"');
    expect(bare.json().message).toContain('data/local/admin-token.txt or ADMIN_TOKEN');
  });

  it('a created token works for its scope, is listed without its secret, stored hashed', async () => {
    const made = await create('12345 夜间导入', 'ingest');
    expect(made.token.length).toBeGreaterThanOrEqual(32);
    expect((await listImports(bearer(made.token))).statusCode).toBe(200);
    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/admin/tokens',
      headers: bearer(made.token),
    });
    expect(forbidden.statusCode).toBe(403);

    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/admin/tokens', headers: admin })
    ).json<{ tokens: Array<Record<string, unknown>> }>();
    const row = listed.tokens.find((x) => x.id === made.id)!;
    expect(row).toMatchObject({ name: '12345 夜间导入', scope: 'ingest', revokedAt: null });
    expect(row.lastUsedAt).toEqual(expect.any(Number));
    expect(JSON.stringify(listed)).not.toContain(made.token);

    // An import it uploads is listed with the token's name (the console's history: who).
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/imports?source=12345&filename=a.csv',
      headers: { ...bearer(made.token), 'content-type': 'application/octet-stream' },
      payload: '工单编号,问题类别\nA1,环境卫生\n',
    });
    expect(up.statusCode).toBe(201);
    const imports = (await listImports(admin)).json<{ imports: Array<{ by?: string }> }>();
    expect(imports.imports.map((i) => i.by)).toContain('12345 夜间导入');

    const dump = JSON.stringify(await tokenRows());
    expect(dump).not.toContain(made.token);
  });

  it('presenter tokens cannot import; a revoked token is refused', async () => {
    const presenter = await create('会议室翻页笔', 'presenter');
    expect((await listImports(bearer(presenter.token))).statusCode).toBe(403);
    const made = await create('临时', 'admin');
    expect((await listImports(bearer(made.token))).statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/tokens/${made.id}`,
      headers: admin,
    });
    expect(del.json()).toEqual({ id: made.id, revoked: true });
    expect((await listImports(bearer(made.token))).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/tokens/${made.id}`,
      headers: admin,
    });
    expect(again.statusCode).toBe(404);
  });

  it('refuses a token without a name or with an unknown scope, in the one error shape', async () => {
    for (const payload of [
      { name: '  ', scope: 'ingest' },
      { name: 'x', scope: 'root' },
      { name: 'x', scope: 'ingest', extra: 1 },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/tokens',
        headers: admin,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
    }
  });

  it('reports the loaded dataset and its check', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/dataset', headers: admin });
    const d = res.json<{ levels: Record<string, number>; check: { valid: boolean } }>();
    expect(res.statusCode).toBe(200);
    expect(d.levels.district).toBe(1);
    expect(d.levels.grid).toBeGreaterThan(0);
    expect(d.check.valid).toBe(true);
  });

  it('checks the files as they are now: a line spoiled after start is reported', async () => {
    appendFileSync(join(t.config.dataDir, 'figures.csv'), 'no-such-grid,1,2,3,4,5\n');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/dataset', headers: admin });
    const d = res.json<{ check: { valid: boolean; total: number; problems: string[] } }>();
    expect(d.check.valid).toBe(false);
    expect(d.check.total).toBe(d.check.problems.length);
    expect(d.check.problems.join('\n')).toMatch(/figures\.csv:\d+: .*no-such-grid/);
  });
});
