// A row the database refuses (here a trigger, standing for any constraint) is rejected on its own:
// the slice it was in is written again one savepoint per row, and its neighbours land.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buildTestApp, INGEST, type TestApp } from './build-app';
import { HOTLINE_EXPECTED, hotlineGbkCsv } from '../fixtures/messy-exports';
import { idPrefixOf } from '../../server/import/normalize-row';
import type { ImportDoc } from '../../server/import/import-doc';
import { sqlOn } from './pg-db';

const ingest = { authorization: `Bearer ${INGEST}` };
const admin = { authorization: `Bearer ${ADMIN}` };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function post(url: string, payload: unknown): Promise<ImportDoc> {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: ingest,
    payload: payload as object,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  await t.app.imports.idle();
  return res.json<ImportDoc>();
}

describe('a row the database refuses', () => {
  it('is rejected alone; the other rows of its slice land', { timeout: 60_000 }, async () => {
    const refused = `${idPrefixOf('12345')}:A002`;
    if (t.config.databaseUrl)
      await sqlOn(
        t.config.databaseUrl,
        `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END $$;
        CREATE TRIGGER refuse_one BEFORE INSERT ON problems FOR EACH ROW
          WHEN (NEW.id = '${refused}') EXECUTE FUNCTION refuse_one();`,
      );
    else {
      const other = new Database(t.config.dbFile);
      other.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON problems WHEN NEW.id = '${refused}'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
      other.close();
    }

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports?source=12345&filename=a.csv',
      headers: { ...ingest, 'content-type': 'application/octet-stream' },
      payload: hotlineGbkCsv(t.config.now()),
    });
    const id = res.json<ImportDoc>().id;
    await post(`/api/imports/${id}/dry-run`, {});
    await post(`/api/imports/${id}/run`, { onUnmapped: 'reject' });
    const doc = (
      await t.app.inject({ url: `/api/imports/${id}`, headers: ingest })
    ).json<ImportDoc>();
    expect(doc.status).toBe('imported');
    expect(doc.result!.accepted).toBe(HOTLINE_EXPECTED.accepted - 1);
    expect(doc.result!.rejected).toEqual({ ...HOTLINE_EXPECTED.rejected, write_refused: 1 });

    const stored = async (sourceId: string) =>
      (await t.app.inject({ url: `/api/problems/${idPrefixOf('12345')}:${sourceId}` })).statusCode;
    expect(await stored('A001')).toBe(200);
    expect(await stored('A002')).toBe(404);
    expect(await stored('A009')).toBe(200);
    const recount = await t.app.inject({
      method: 'POST',
      url: '/api/admin/recount',
      headers: admin,
    });
    expect(recount.json().identical).toBe(true);

    const report = await t.app.inject({ url: `/api/imports/${id}/rejects.csv`, headers: ingest });
    expect(report.body).toContain('write_refused');
  });
});
