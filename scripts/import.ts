// npm run import -- <file> --source <mapping> [--url http://localhost:3000] [--token T]
//   [--dry-run] [--on-unmapped other|reject] [--encoding gbk] [--json]
// Imports a 12345 / grid-system export into a running server through its HTTP import API: upload,
// dry run, then run, with a progress bar. Unmapped values stop it before anything is written
// unless --on-unmapped says what to do. With --json the last line is one JSON object.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { ImportDoc } from '../server/import/import-doc';

const USAGE =
  'usage: npm run import -- <file> --source <mapping name> [--url http://localhost:3000] [--token T] [--dry-run] [--on-unmapped other|reject] [--encoding auto|utf-8|gbk] [--json]';

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      url: { type: 'string', default: process.env.SCREEN_URL ?? 'http://localhost:3000' },
      token: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'on-unmapped': { type: 'string' },
      encoding: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file || !values.source) throw new CliError(USAGE);
  if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
  const policy = values['on-unmapped'];
  if (policy !== undefined && policy !== 'other' && policy !== 'reject')
    throw new CliError(`--on-unmapped must be "other" or "reject", not "${policy}"`);
  return { ...values, file, source: values.source, policy, token: values.token ?? defaultToken() };
}

/** ADMIN_TOKEN, INGEST_TOKEN, then the token files the server writes next to its database. */
function defaultToken(): string {
  const env = process.env.ADMIN_TOKEN || process.env.INGEST_TOKEN;
  if (env) return env;
  const dir = process.env.DB_FILE ? join(process.env.DB_FILE, '..') : 'data/local';
  for (const f of ['admin-token.txt', 'ingest-token.txt']) {
    const p = join(dir, f);
    if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  }
  throw new CliError(
    `no token: pass --token, set INGEST_TOKEN or ADMIN_TOKEN, or run where ${dir}/ingest-token.txt is`,
  );
}

type Opts = ReturnType<typeof options>;

async function call<T>(o: Opts, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(path, o.url), {
    method,
    headers: {
      authorization: `Bearer ${o.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T & { error?: string; message?: string; details?: unknown };
  if (!res.ok)
    throw Object.assign(new CliError(`${res.status} ${json.error}: ${json.message}`), {
      api: json,
    });
  return json;
}

async function upload(o: Opts): Promise<ImportDoc> {
  const q = new URLSearchParams({ source: o.source, filename: basename(o.file) });
  if (o.encoding) q.set('encoding', o.encoding);
  const res = await fetch(new URL(`/api/imports?${q}`, o.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(createReadStream(o.file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const json = (await res.json()) as ImportDoc & { error?: string; message?: string };
  if (!res.ok) throw new CliError(`${res.status} ${json.error}: ${json.message}`);
  return json;
}

function bar(d: ImportDoc, label: string): string {
  const p = d.progress;
  const share = p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0;
  const filled = Math.round(share * 30);
  const eta = p.etaSeconds === null ? '' : ` ETA ${p.etaSeconds}s`;
  return `\r${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.round(share * 100)}% ${p.rows} rows, ${p.accepted} ok, ${p.rejected} rejected, ${p.rowsPerSecond}/s${eta}   `;
}

/** Polls until the step is over, drawing the bar on stderr. */
async function follow(o: Opts, id: string, label: string): Promise<ImportDoc> {
  for (;;) {
    const d = await call<ImportDoc>(o, 'GET', `/api/imports/${id}`);
    if (process.stderr.isTTY || !o.json) process.stderr.write(bar(d, label));
    if (!['dry_running', 'importing', 'undoing'].includes(d.status)) {
      process.stderr.write('\n');
      if (d.status === 'failed') throw new CliError(`${d.error?.code}: ${d.error?.message}`);
      return d;
    }
    await new Promise((ok) => setTimeout(ok, 300));
  }
}

function summary(
  d: ImportDoc,
  counts: NonNullable<ImportDoc['dryRun']> | NonNullable<ImportDoc['result']>,
) {
  return {
    importId: d.id,
    encoding: d.header?.encoding ?? null,
    accepted: counts.accepted,
    duplicates: counts.duplicates,
    skippedBlank: counts.skippedBlank,
    rejected: counts.rejected,
  };
}

function printDry(d: ImportDoc): void {
  const dry = d.dryRun!;
  console.log(
    `file ${d.fileName}: ${d.format}, encoding ${d.header?.encoding} (${d.header?.encodingBy}), header on row ${d.header?.headerRow}`,
  );
  console.log('columns:', JSON.stringify(dry.columns));
  if (d.header?.missing.length)
    console.log('mapped headers not in the file:', d.header.missing.join(', '));
  console.log(
    `would import ${dry.accepted}, duplicates ${dry.duplicates}, blank ${dry.skippedBlank}, would reject:`,
    JSON.stringify(dry.rejected),
  );
}

async function main() {
  const o = options();
  const up = await upload(o);
  await call(o, 'POST', `/api/imports/${up.id}/dry-run`, o.policy ? { onUnmapped: o.policy } : {});
  const dry = await follow(o, up.id, 'dry run');
  if (!o.json) printDry(dry);
  if (o['dry-run'])
    return console.log(JSON.stringify({ ...summary(dry, dry.dryRun!), dryRun: true }));
  if (dry.dryRun!.unmapped.length > 0 && !o.policy) {
    if (o.json)
      console.log(
        JSON.stringify({
          ...summary(dry, dry.dryRun!),
          stopped: 'unmapped_values',
          unmapped: dry.dryRun!.unmapped,
        }),
      );
    const list = dry
      .dryRun!.unmapped.map((u) => `  ${u.kind} "${u.value}" × ${u.count}`)
      .join('\n');
    throw new CliError(
      `unmapped values, nothing written (map them in the source's mapping, or pass --on-unmapped other|reject):\n${list}`,
      2,
    );
  }
  await call(o, 'POST', `/api/imports/${up.id}/run`, o.policy ? { onUnmapped: o.policy } : {});
  const done = await follow(o, up.id, 'import');
  if (!o.json)
    console.log(
      `imported ${done.result!.accepted} in ${done.result!.seconds}s; reject report: ${new URL(`/api/imports/${up.id}/rejects.csv`, o.url)}`,
    );
  if (o.json) console.log(JSON.stringify(summary(done, done.result!)));
}

main().catch((err: unknown) => {
  const e = err as CliError;
  console.error(e.message);
  process.exitCode = e.exitCode ?? 1;
});
