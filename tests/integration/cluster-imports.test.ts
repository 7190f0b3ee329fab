// Imports through a real nginx (deploy/nginx.conf) in front of two real nodes on one PostgreSQL
// database. An import's file and its running step live on one node, so nginx sends every
// /api/imports request to the import node (the others are its backups); a node asked for a file
// it does not hold says so with a 409, and any node reads an import's doc from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, INGEST } from './build-app';
import { NodesBehindNginx } from './nodes-behind-nginx';
import { HOTLINE_EXPECTED, hotlineGbkCsv } from '../fixtures/messy-exports';
import type { ImportDoc } from '../../server/import/import-doc';
import { sqlOn } from './pg-db';
import { startNode, stop } from '../../scripts/cluster/processes';

const cluster = new NodesBehindNginx({
  name: 'cluster-imports',
  pg: true,
  dirPerNode: true,
  env: { RATE_LIMIT_PER_MINUTE: '100000' },
});
const { dir, nodes, direct, viaNginx, nodeEnv } = cluster;

beforeAll(() => cluster.start(), 120_000);

afterAll(() => cluster.stop());

const ingest = { authorization: `Bearer ${INGEST}` };
const admin = { authorization: `Bearer ${ADMIN}` };

async function call(
  base: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = ingest,
): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a CSV
  }
  return { status: r.status, json, text };
}

async function upload(base: string): Promise<ImportDoc> {
  const r = await fetch(`${base}/api/imports?source=12345&filename=hotline.csv`, {
    method: 'POST',
    headers: { ...ingest, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(hotlineGbkCsv(Date.now())),
  });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as ImportDoc;
}

/** Polls the doc (as the admin page does, every 400 ms at most) until its step has ended. */
async function settled(base: string, id: string): Promise<ImportDoc> {
  const end = Date.now() + 30_000;
  for (;;) {
    const r = await call(base, 'GET', `/api/imports/${id}`);
    expect(r.status).toBe(200);
    const d = r.json as unknown as ImportDoc;
    if (!['dry_running', 'importing', 'undoing'].includes(d.status)) return d;
    if (Date.now() > end) throw new Error(`import ${id} still "${d.status}"`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Upload → dry run → run → progress → reject report → undo, all through `base`. */
async function wholeImport(base: string): Promise<string> {
  const up = await upload(base);
  expect((await call(base, 'POST', `/api/imports/${up.id}/dry-run`, {})).status).toBe(202);
  const dry = await settled(base, up.id);
  expect(dry.error).toBeUndefined();
  expect(dry.status).toBe('dry_run');
  const run = await call(base, 'POST', `/api/imports/${up.id}/run`, { onUnmapped: 'reject' });
  expect(run.status, run.text).toBe(202);
  const done = await settled(base, up.id);
  expect(done.error).toBeUndefined();
  expect(done.status).toBe('imported');
  expect(done.result!.accepted).toBe(HOTLINE_EXPECTED.accepted);
  expect(done.progress.bytesRead).toBe(done.bytesTotal);
  const report = await call(base, 'GET', `/api/imports/${up.id}/rejects.csv`);
  expect(report.status).toBe(200);
  expect(report.text).toContain('duplicate_in_file');
  expect((await call(base, 'POST', `/api/imports/${up.id}/undo`, undefined, admin)).status).toBe(
    202,
  );
  const undone = await settled(base, up.id);
  expect(undone.status).toBe('undone');
  expect(undone.result!.undone).toBe(HOTLINE_EXPECTED.accepted);
  return up.id;
}

/** The upstreams nginx chose for the /api/imports requests of these imports (access log). */
function upstreamsOf(ids: string[]): Set<string> {
  const log = readFileSync(join(dir, 'nginx', 'access.log'), 'utf8').split('\n');
  const seen = new Set<string>();
  for (const line of log)
    if (ids.some((id) => line.includes(`/api/imports/${id}`)))
      // After a retry nginx lists every node it tried ("a, b"): the last one answered.
      seen.add(
        line
          .match(/upstream=(.*) rt=/)![1]!
          .split(', ')
          .at(-1)!,
      );
  return seen;
}

describe.skipIf(cluster.skip)('imports with two nodes behind nginx', () => {
  it('runs a whole import through nginx every time, all on the import node', async () => {
    const ids: string[] = [];
    // Round robin would alternate the two nodes; four imports of ten requests each would hit both.
    for (let k = 0; k < 4; k++) ids.push(await wholeImport(viaNginx()));
    expect(upstreamsOf(ids)).toEqual(new Set([`127.0.0.1:${nodes[0]!.port}`]));
  }, 120_000);

  it('answers 409 on a node without the file, and shows the current doc on every node', async () => {
    const up = await upload(direct(0));
    // Node B reads the doc from the database: the same doc, and again after it has changed.
    expect((await call(direct(1), 'GET', `/api/imports/${up.id}`)).json.status).toBe('uploaded');
    for (const step of ['dry-run', 'run'] as const) {
      const r = await call(direct(1), 'POST', `/api/imports/${up.id}/${step}`, {});
      expect(r.status, r.text).toBe(409);
      expect(r.json.error).toBe('file_elsewhere');
      expect(String(r.json.message)).toMatch(/upload the file again/);
    }
    expect((await call(direct(0), 'POST', `/api/imports/${up.id}/dry-run`, {})).status).toBe(202);
    await settled(direct(0), up.id);
    const run = await call(direct(0), 'POST', `/api/imports/${up.id}/run`, {
      onUnmapped: 'reject',
    });
    expect(run.status).toBe(202);
    const done = await settled(direct(0), up.id);
    expect(done.status).toBe('imported');
    const onB = await call(direct(1), 'GET', `/api/imports/${up.id}`);
    expect(onB.json).toMatchObject({
      status: 'imported',
      result: { accepted: done.result!.accepted },
    });
    const listed = await call(direct(1), 'GET', '/api/imports');
    const inList = (listed.json.imports as ImportDoc[]).find((d) => d.id === up.id);
    expect(inList?.status).toBe('imported');
    // The report is a file on node A too.
    const report = await call(direct(1), 'GET', `/api/imports/${up.id}/rejects.csv`);
    expect(report.status, report.text).toBe(409);
    expect(report.json.error).toBe('file_elsewhere');
    // Undo needs no file: the stored rows say what to remove, so any node can do it.
    expect(
      (await call(direct(1), 'POST', `/api/imports/${up.id}/undo`, undefined, admin)).status,
    ).toBe(202);
    expect((await settled(direct(1), up.id)).status).toBe('undone');
    expect((await call(direct(0), 'GET', `/api/imports/${up.id}`)).json.status).toBe('undone');
  }, 60_000);

  it('runs one job at a time across the nodes, and frees a step whose node died', async () => {
    const mine = await upload(direct(0));
    expect((await call(direct(0), 'POST', `/api/imports/${mine.id}/dry-run`, {})).status).toBe(202);
    await settled(direct(0), mine.id);
    // A step that node B stores as running (as it does every second while it runs one).
    const other = await upload(direct(1));
    const storeAs = async (savedAt: number) =>
      sqlOn(cluster.db.url, 'UPDATE imports SET status = $1, doc = $2 WHERE id = $3', [
        'importing',
        JSON.stringify({ ...other, status: 'importing', savedAt: new Date(savedAt).toISOString() }),
        other.id,
      ]);
    await storeAs(Date.now());
    const run = () =>
      call(direct(0), 'POST', `/api/imports/${mine.id}/run`, { onUnmapped: 'reject' });
    const busy = await run();
    expect(busy.status, busy.text).toBe(409);
    expect(busy.json).toMatchObject({ error: 'import_busy' });
    expect(String(busy.json.message)).toContain(other.id);
    // Refused, it stays as it was: dry run, ready to run.
    expect((await call(direct(0), 'GET', `/api/imports/${mine.id}`)).json).toMatchObject({
      status: 'dry_run',
    });
    // Node B died: nothing stored for 30 s. Every node shows its step failed, and the next runs.
    await storeAs(Date.now() - 31_000);
    expect((await call(direct(0), 'GET', `/api/imports/${other.id}`)).json).toMatchObject({
      status: 'failed',
      error: { code: 'interrupted' },
    });
    expect((await run()).status).toBe(202);
    expect((await settled(direct(0), mine.id)).status).toBe('imported');
    expect(
      (await call(direct(0), 'POST', `/api/imports/${mine.id}/undo`, undefined, admin)).status,
    ).toBe(202);
    expect((await settled(direct(0), mine.id)).status).toBe('undone');
  }, 60_000);

  it("restarts a node without marking another live node's step interrupted", async () => {
    // Node B's step (it names its node) and a step stored before nodes were named: the restart
    // of node A must leave the first running and mark only the second, which may have been its own.
    const [b, legacy] = [await upload(direct(1)), await upload(direct(1))];
    const storeRunning = (d: ImportDoc, extra: object) =>
      sqlOn(cluster.db.url, 'UPDATE imports SET status = $1, doc = $2 WHERE id = $3', [
        'importing',
        JSON.stringify({ ...d, status: 'importing', savedAt: new Date().toISOString(), ...extra }),
        d.id,
      ]);
    await storeRunning(b, { node: 'node-b' });
    await storeRunning(legacy, {});
    await stop(nodes[0]!.proc);
    nodes[0]!.proc = await startNode(nodes[0]!.port, nodeEnv('node-1'));
    const status = async (id: string) =>
      (await call(direct(0), 'GET', `/api/imports/${id}`)).json.status;
    expect(await status(b.id)).toBe('importing');
    expect(await status(legacy.id)).toBe('failed');
    // Node B's step ends, as it would: the next test may start one.
    await sqlOn(cluster.db.url, 'UPDATE imports SET status = $1, doc = $2 WHERE id = $3', [
      'uploaded',
      JSON.stringify({ ...b, status: 'uploaded' }),
      b.id,
    ]);
  }, 60_000);

  it('moves imports to the backup node when the import node dies', async () => {
    nodes[0]!.proc.child.kill('SIGKILL');
    await new Promise((ok) => nodes[0]!.proc.child.once('exit', ok));
    const id = await wholeImport(viaNginx());
    expect(upstreamsOf([id])).toContain(`127.0.0.1:${nodes[1]!.port}`);
  }, 60_000);
});
