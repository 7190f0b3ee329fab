// One import engine behind every door (HTTP API, CLI through it, the admin console later): an
// import is a batch with an id that goes uploaded → dry run → imported (→ undone), one job at a
// time, each long step in the background with its progress on the doc.
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, extname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Services } from '../services';
import { HttpError } from '../http-error';
import type { TextEncoding } from './encoding';
import type { ColumnMapping } from './headers';
import type { ImportDoc } from './import-doc';
import { CHUNK_ROWS, SAMPLE_ROWS, dryRun, runImport, undoImport } from './import-jobs';
import { BUILT_IN, type NamedMapping } from './mappings';
import { idPrefixOf, type UnmappedPolicy } from './normalize-row';
import { mergeTables, OUR_VALUES, VALUE_KINDS } from './values';

import type { FileFormat, ParseJob } from './worker-protocol';

export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const LIST_MAX = 100;

export type ImportEngine = ReturnType<typeof createImportEngine>;

function newId(): string {
  return `imp_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

function formatOf(file: string, name: string): FileFormat {
  const head = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  const ext = extname(name).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.xlsx' || ext === '.xls')
    throw new HttpError(
      400,
      'not_xlsx',
      `${name} is not an XLSX workbook (save it as .xlsx or CSV)`,
    );
  const firstLine = head.subarray(0, n).toString('latin1').split('\n')[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
}

function limit(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(c: Buffer, _e, done) {
      n += c.length;
      if (n > max)
        done(new HttpError(413, 'file_too_large', `files up to ${max} bytes are accepted`));
      else done(null, c);
    },
  });
}

/** Checks a mapping's value tables name our values; 400 with every wrong entry otherwise. */
export function checkMapping(m: NamedMapping): void {
  const bad: string[] = [];
  for (const k of VALUE_KINDS)
    for (const [from, to] of Object.entries(m.values?.[k] ?? {}))
      if (!OUR_VALUES[k].includes(to))
        bad.push(`values.${k}["${from}"] = "${to}" (one of: ${OUR_VALUES[k].join(', ')})`);
  if (bad.length) throw new HttpError(400, 'invalid_mapping', `unknown values: ${bad.join('; ')}`);
}

export function createImportEngine(s: Services, dir: string, now: () => number) {
  const store = s.store.imports;
  const docs = new Map<string, ImportDoc>();
  const deps = s.deps;
  let busy: string | null = null;
  let running: Promise<void> = Promise.resolve();
  let closing = false;
  const stopped = () => closing;
  mkdirSync(dir, { recursive: true });

  const save = (d: ImportDoc) =>
    store.putImport({
      id: d.id,
      source: d.source,
      createdAt: Date.parse(d.createdAt),
      status: d.status,
      doc: JSON.stringify(d),
    });

  // Jobs do not survive a restart: what was running is failed (its stored rows can be undone).
  for (const i of store.listImports(LIST_MAX)) {
    const d = JSON.parse(i.doc) as ImportDoc;
    if (['dry_running', 'importing', 'undoing'].includes(d.status)) {
      d.error = {
        code: 'interrupted',
        message: 'the server stopped during this step; undo removes what was stored',
      };
      d.status = 'failed';
      save(d);
    }
  }

  function get(id: string): ImportDoc {
    const stored = docs.has(id) ? undefined : store.getImport(id);
    const d = docs.get(id) ?? (stored && (JSON.parse(stored.doc) as ImportDoc));
    if (!d)
      throw new HttpError(
        404,
        'unknown_import',
        `no import with id "${id}"; GET /api/imports lists them`,
      );
    docs.set(id, d);
    return d;
  }

  function mappingFor(source: string): NamedMapping {
    const saved = store.getMapping(source);
    return saved ? (JSON.parse(saved) as NamedMapping) : (BUILT_IN[source] ?? {});
  }

  function job(d: ImportDoc, policy: UnmappedPolicy): ParseJob {
    const m = d.settings.mapping;
    return {
      file: join(dir, d.id, 'source'),
      format: d.format,
      encoding: d.settings.encoding,
      mapping: m.columns,
      tables: mergeTables(m.values),
      policy,
      datum: m.datum ?? 'wgs84',
      idPrefix: idPrefixOf(d.source),
      defaultSource: m.defaultSource,
      now: now(),
      regions: s.dataset.regions,
      chunkRows: CHUNK_ROWS,
      sampleRows: SAMPLE_ROWS,
    };
  }

  /** Runs a background step: one at a time, its end (or failure) saved on the doc. */
  function background(
    d: ImportDoc,
    status: ImportDoc['status'],
    done: ImportDoc['status'],
    work: () => Promise<void>,
  ) {
    if (busy)
      throw new HttpError(409, 'import_busy', `import ${busy} is running; wait for it to finish`);
    busy = d.id;
    d.status = status;
    delete d.error;
    save(d);
    const finished = work().then(
      () => {
        d.status = done;
      },
      (err: unknown) => {
        d.status = 'failed';
        const e = err as { code?: string; message?: string };
        d.error = { code: e.code ?? 'import_failed', message: e.message ?? String(err) };
      },
    );
    running = finished.finally(() => {
      busy = null;
      save(d);
    });
  }

  return {
    /** Resolves when the running step (if any) has finished: tests and the CLI's server side. */
    idle: () => running,
    /** Stops a running step at its next chunk (server shutdown) and waits for it. */
    async close() {
      closing = true;
      await running;
    },
    get,
    list: () =>
      store.listImports(LIST_MAX).map((i) => docs.get(i.id) ?? (JSON.parse(i.doc) as ImportDoc)),

    async upload(
      body: Readable,
      o: { source: string; fileName: string; encoding?: TextEncoding; by?: string },
    ) {
      const id = newId();
      mkdirSync(join(dir, id));
      const file = join(dir, id, 'source');
      try {
        await pipeline(body, limit(MAX_UPLOAD_BYTES), createWriteStream(file));
        const bytesTotal = statSync(file).size;
        if (bytesTotal === 0)
          throw new HttpError(
            400,
            'empty_file',
            'the upload is empty; send the file as the request body',
          );
        const d: ImportDoc = {
          id,
          source: o.source,
          fileName: o.fileName,
          ...(o.by ? { by: o.by } : {}),
          format: formatOf(file, o.fileName),
          bytesTotal,
          createdAt: new Date(now()).toISOString(),
          status: 'uploaded',
          settings: {
            mapping: mappingFor(o.source),
            ...(o.encoding ? { encoding: o.encoding } : {}),
          },
          progress: {
            bytesRead: 0,
            bytesTotal,
            rows: 0,
            accepted: 0,
            rejected: 0,
            rowsPerSecond: 0,
            etaSeconds: null,
          },
        };
        docs.set(id, d);
        save(d);
        return d;
      } catch (err) {
        rmSync(join(dir, id), { recursive: true, force: true });
        if (err instanceof HttpError) throw err;
        // The caller hung up or the stream broke: say so, never a 500.
        throw new HttpError(
          400,
          'upload_failed',
          `the upload did not complete: ${(err as Error).message}`,
        );
      }
    },

    dryRun(
      id: string,
      o: { columns?: ColumnMapping; mapping?: NamedMapping; policy?: UnmappedPolicy },
    ) {
      const d = get(id);
      if (!['uploaded', 'dry_run', 'failed'].includes(d.status) || d.result)
        throw new HttpError(
          409,
          'wrong_state',
          `import ${id} is "${d.status}"; a dry run is for an import not yet run`,
        );
      if (o.mapping) checkMapping(o.mapping);
      d.settings.mapping = { ...d.settings.mapping, ...o.mapping };
      if (o.columns) d.settings.mapping.columns = o.columns;
      delete d.dryRun;
      const has = (pid: string) => s.store.getProblem(pid) !== undefined;
      background(d, 'dry_running', 'dry_run', () =>
        dryRun(d, job(d, o.policy ?? 'stop'), has, stopped),
      );
      return d;
    },

    run(id: string, o: { policy?: UnmappedPolicy }) {
      const d = get(id);
      if (d.status !== 'dry_run' || !d.dryRun)
        throw new HttpError(
          409,
          'dry_run_first',
          `import ${id} is "${d.status}"; run a dry run first (POST /api/imports/${id}/dry-run)`,
        );
      if (!o.policy && d.dryRun.unmapped.length > 0)
        throw new HttpError(
          409,
          'unmapped_values',
          `${d.dryRun.unmapped.length} value(s) are not mapped; map them (dry run again with a mapping) or choose onUnmapped "other" or "reject"`,
          { unmapped: d.dryRun.unmapped },
        );
      const policy = o.policy ?? 'reject';
      background(d, 'importing', 'imported', () =>
        runImport(d, job(d, policy), policy, {
          deps,
          imports: store,
          reportFile: join(dir, d.id, 'rejects.csv'),
          checkpoint: () => save(d),
          stopped,
        }),
      );
      return d;
    },

    undo(id: string) {
      const d = get(id);
      if (!d.result || !['imported', 'failed'].includes(d.status))
        throw new HttpError(
          409,
          'wrong_state',
          `import ${id} is "${d.status}"; only an import that ran can be undone`,
        );
      background(d, 'undoing', 'undone', async () => {
        d.result!.undone = await undoImport(d, deps, store, stopped);
      });
      return d;
    },

    reportFile(id: string): string {
      const d = get(id);
      if (!d.result)
        throw new HttpError(
          404,
          'no_report',
          `import ${id} has not run, so it has no reject report`,
        );
      return join(dir, id, 'rejects.csv');
    },

    mapping: mappingFor,
    saveMapping(source: string, m: NamedMapping) {
      checkMapping(m);
      store.putMapping(source, JSON.stringify(m), now());
    },
    listMappings: () =>
      store
        .listMappings()
        .map((m) => ({ source: m.source, mapping: JSON.parse(m.doc) as NamedMapping })),
  };
}
