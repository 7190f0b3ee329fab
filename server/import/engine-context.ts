// What every step of the import engine shares: the open docs, the store, the one running job.
// Module-level functions take this context so the engine itself stays a thin table of doors.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../services';
import { HttpError } from '../http-error';
import type { StoredImport } from '../store/import-records';
import type { ImportDoc } from './import-doc';
import { CHUNK_ROWS, SAMPLE_ROWS, WRITE_CHUNK_ROWS } from './import-jobs';
import { BUILT_IN, type NamedMapping } from './mappings';
import { idPrefixOf, type UnmappedPolicy } from './normalize-row';
import { mergeTables, OUR_VALUES, VALUE_KINDS } from './values';
import type { ParseJob, WriteJob } from './worker-protocol';
import { asStored, INTERRUPTED, runningElsewhere } from './step-lease';

export const LIST_MAX = 100;

export interface EngineContext {
  s: Services;
  store: Services['store']['imports'];
  dir: string;
  /**
   * This node, the same after a restart (its host and import directory, hashed): the step it
   * ran when it stopped is the one it marks interrupted when it starts again.
   */
  node: string;
  now: () => number;
  /** The docs whose step runs on this node (ahead of the store); every other doc is read from the
   * store, which another node may have changed. */
  docs: Map<string, ImportDoc>;
  /** Id of the import whose step is running, if any: one at a time. */
  busy: string | null;
  running: Promise<void>;
  closing: boolean;
  stopped: () => boolean;
}

function stored(d: ImportDoc): StoredImport {
  // Wall time, not c.now (a test's fixed clock): other nodes compare it with theirs.
  d.savedAt = new Date().toISOString();
  return {
    id: d.id,
    source: d.source,
    createdAt: Date.parse(d.createdAt),
    status: d.status,
    doc: JSON.stringify(d),
  };
}

export async function saveDoc(c: EngineContext, d: ImportDoc): Promise<void> {
  await c.store.putImport(stored(d));
}

/**
 * Stores `d` as running, unless a step is alive on another node (409): one job at a time in the
 * cluster. nginx sends imports to one node; this holds when a caller reaches a node directly or
 * during a failover. The look and the store are one transaction under the imports' lock, so two
 * nodes asked in the same instant cannot both start.
 */
async function claim(c: EngineContext, d: ImportDoc): Promise<void> {
  await c.s.store.transaction(async (tx) => {
    await tx.imports.lockSteps();
    const docs = (await tx.imports.listImports(LIST_MAX)).map(
      (i) => JSON.parse(i.doc) as ImportDoc,
    );
    const other = runningElsewhere(docs, Date.now(), [d.id]);
    if (other)
      throw new HttpError(
        409,
        'import_busy',
        `import ${other.id} is running on another node; wait for it to finish`,
      );
    (d as StoredDoc).node = c.node;
    await tx.imports.putImport(stored(d));
  });
}

/** A stored doc, with the node that ran its last step (not part of the API's doc). */
type StoredDoc = ImportDoc & { node?: string };

/**
 * Jobs do not survive a restart: at start, this node's step cut off by its stop is marked
 * interrupted (its stored rows can be undone). Another live node's step is left alone (it stores
 * itself every second; step-lease.ts tells when its node died); a doc stored before nodes were
 * recorded counts as this node's.
 */
export async function failInterrupted(c: EngineContext): Promise<void> {
  for (const i of await c.store.listImports(LIST_MAX)) {
    const d = JSON.parse(i.doc) as StoredDoc;
    if (d.node !== undefined && d.node !== c.node) continue;
    if (['dry_running', 'importing', 'undoing'].includes(d.status)) {
      d.error = { ...INTERRUPTED };
      d.status = 'failed';
      await saveDoc(c, d);
    }
  }
}

export async function getDoc(c: EngineContext, id: string): Promise<ImportDoc> {
  const live = c.docs.get(id);
  if (live) return live;
  const stored = await c.store.getImport(id);
  if (!stored)
    throw new HttpError(
      404,
      'unknown_import',
      `no import with id "${id}"; GET /api/imports lists them`,
    );
  return asStored(JSON.parse(stored.doc) as ImportDoc, Date.now());
}

/** Where an import keeps its uploaded file and its reject report: on the node that took it. */
export const sourceFile = (c: EngineContext, id: string) => join(c.dir, id, 'source');
export const rejectsFile = (c: EngineContext, id: string) => join(c.dir, id, 'rejects.csv');

/**
 * 409 when this node does not hold the import's file: it was uploaded to another node (nginx
 * sends /api/imports to one node; after a failover the backup has none of the earlier files).
 */
export function needFile(file: string, message: string): void {
  if (!existsSync(file)) throw new HttpError(409, 'file_elsewhere', message);
}

export function needSource(c: EngineContext, id: string): void {
  needFile(
    sourceFile(c, id),
    `the file of import ${id} is not on this node (it was uploaded to another one, which is no longer the import node, or lost it): upload the file again (POST /api/imports) and dry run the new import`,
  );
}

export async function mappingFor(c: EngineContext, source: string): Promise<NamedMapping> {
  const saved = await c.store.getMapping(source);
  return saved ? (JSON.parse(saved) as NamedMapping) : (BUILT_IN[source] ?? {});
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

export function parseJob(c: EngineContext, d: ImportDoc, policy: UnmappedPolicy): ParseJob {
  const m = d.settings.mapping;
  return {
    file: sourceFile(c, d.id),
    format: d.format,
    encoding: d.settings.encoding,
    mapping: m.columns,
    tables: mergeTables(m.values),
    policy,
    datum: m.datum ?? 'wgs84',
    idPrefix: idPrefixOf(d.source),
    defaultSource: m.defaultSource,
    now: c.now(),
    regions: c.s.dataset.regions,
    chunkRows: CHUNK_ROWS,
    sampleRows: SAMPLE_ROWS,
  };
}

/**
 * The run's write worker job where the store can be written from another thread (the embedded
 * store's file); undefined otherwise (PostgreSQL, a store in memory): the main thread writes.
 */
export function writeJob(c: EngineContext, d: ImportDoc): WriteJob | undefined {
  const off = c.s.store.offThread;
  if (!off) return undefined;
  const regions = [...c.s.deps.index.regions.values()];
  return {
    file: off.file,
    importId: d.id,
    now: c.now(),
    regions,
    lineages: regions.map((r) => [r.id, [...off.regions.lineage(r.id)]]),
    fingerprint: off.regions.fingerprint,
    chunkRows: WRITE_CHUNK_ROWS,
  };
}

/** Runs a background step: one at a time, its end (or failure) saved on the doc. */
export function background(
  c: EngineContext,
  d: ImportDoc,
  status: ImportDoc['status'],
  done: ImportDoc['status'],
  work: () => Promise<void>,
): Promise<void> {
  if (c.busy)
    throw new HttpError(409, 'import_busy', `import ${c.busy} is running; wait for it to finish`);
  c.busy = d.id;
  c.docs.set(d.id, d);
  d.status = status;
  delete d.error;
  // The step's start is stored before it runs (a restart then marks it interrupted).
  // A refused claim (409) leaves the stored import as it was: nothing below runs or stores.
  const started = claim(c, d).catch((err: unknown) => {
    c.docs.delete(d.id);
    throw err;
  });
  const finished = started.then(() =>
    work().then(
      (): Partial<ImportDoc> => ({ status: done }),
      (err: unknown): Partial<ImportDoc> => {
        const e = err as { code?: string; message?: string };
        return {
          status: 'failed',
          error: { code: e.code ?? 'import_failed', message: e.message ?? String(err) },
        };
      },
    ),
  );
  // The doc reads as running until its end is stored and the slot is free: whoever sees the end
  // may start the next step at once. (It used to show the end while the store still wrote it, and
  // under load a run asked for right after its dry run was refused as busy.)
  c.running = finished
    .then(async (end) => {
      try {
        await saveDoc(c, { ...d, ...end });
        // Stored: from now on every node reads it from the store.
        c.docs.delete(d.id);
      } finally {
        // A failed save: the doc keeps its end in memory; the next save stores it.
        Object.assign(d, end);
      }
    })
    .catch(() => undefined)
    .finally(() => {
      c.busy = null;
    });
  return started;
}
