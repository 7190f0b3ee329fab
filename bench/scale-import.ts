// bench:scale's import into the loaded database, as the admin console does it: a 12345 CSV export
// generated in a process of its own (import-gen.ts, the rows bench:import uses), uploaded as the
// raw body, then its dry run and its run, each followed by polling the import's doc. Issue #14:
// an import of 100k rows at 1M problems must not hold the event loop over 50 ms.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import type { ImportDoc, ImportStatus } from '../shared/admin-api';
import { INGEST_TOKEN } from './scale-server';

const root = resolve(import.meta.dirname, '..');
const auth = { authorization: `Bearer ${INGEST_TOKEN}` };
const RUNNING: ImportStatus[] = ['dry_running', 'importing', 'undoing'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ImportFile {
  file: string;
  rows: number;
  bytes: number;
}

/** Writes `rows` rows of the server's dataset as a CSV export in `dir`. */
export async function importFile(dir: string, rows: number): Promise<ImportFile> {
  const file = join(dir, `import-${rows}.csv`);
  const gen = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'bench/import-gen.ts'),
      'csv',
      String(rows),
      file,
      join(root, 'data/jinniu'),
      String(Date.now()),
    ],
    { stdio: 'inherit' },
  );
  const [code] = (await once(gen, 'exit')) as [number];
  if (code !== 0) throw new Error(`generating the import file failed (${code})`);
  return { file, rows, bytes: statSync(file).size };
}

/** POST /api/imports with the file as the raw body, streamed. */
export function upload(url: string, f: ImportFile): Promise<ImportDoc> {
  return new Promise((ok, fail) => {
    const req = request(
      `${url}/api/imports?source=bench-scale&filename=${encodeURIComponent('工单导出.csv')}`,
      {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': 'application/octet-stream',
          'content-length': f.bytes,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          res.statusCode === 201
            ? ok(JSON.parse(body) as ImportDoc)
            : fail(new Error(`upload answered ${res.statusCode}: ${body}`)),
        );
      },
    );
    req.on('error', fail);
    createReadStream(f.file).pipe(req);
  });
}

/** Starts a step (dry run or run) and waits for it to end; the doc as it ended. */
export async function step(url: string, id: string, what: 'dry-run' | 'run'): Promise<ImportDoc> {
  const r = await fetch(`${url}/api/imports/${id}/${what}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(what === 'run' ? { onUnmapped: 'reject' } : {}),
  });
  if (r.status !== 202) throw new Error(`${what} answered ${r.status}: ${await r.text()}`);
  for (;;) {
    await sleep(250);
    const doc = (await (
      await fetch(`${url}/api/imports/${id}`, { headers: auth })
    ).json()) as ImportDoc;
    if (RUNNING.includes(doc.status)) continue;
    if (doc.error) throw new Error(`${what} ended ${doc.status}: ${JSON.stringify(doc.error)}`);
    return doc;
  }
}
