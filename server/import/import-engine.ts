// One import engine behind every door (HTTP API, CLI through it, the admin console later): an
// import is a batch with an id that goes uploaded → dry run → imported (→ undone), one job at a
// time, each long step in the background with its progress on the doc.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Services } from '../services';
import type { ImportDoc } from './import-doc';
import type { NamedMapping } from './mappings';
import {
  type EngineContext,
  LIST_MAX,
  checkMapping,
  failInterrupted,
  getDoc,
  mappingFor,
} from './engine-context';
import { upload, type UploadOptions } from './engine-upload';
import { type DryRunOptions, reportFile, startDryRun, startRun, startUndo } from './engine-steps';
import type { UnmappedPolicy } from './normalize-row';
import { asStored } from './step-lease';

export type ImportEngine = ReturnType<typeof createImportEngine>;

export function createImportEngine(s: Services, dir: string, now: () => number) {
  const c: EngineContext = {
    s,
    store: s.store.imports,
    dir,
    node: createHash('sha256')
      .update(`${hostname()}\n${resolve(dir)}`)
      .digest('hex')
      .slice(0, 16),
    now,
    docs: new Map(),
    busy: null,
    running: Promise.resolve(),
    closing: false,
    stopped: () => c.closing,
  };
  mkdirSync(dir, { recursive: true });
  // Steps wait for it like for a running step, and so do reads: right after a restart a doc of a
  // step cut off by it must not read as running (on a loaded machine the marking can take longer
  // than the first request; CI once read "importing"). A store failing here fails their calls
  // too, which report it; swallowed here so it is not an unhandled rejection.
  const started = failInterrupted(c).catch(() => undefined);
  c.running = started;

  return {
    /** Resolves when the running step (if any) has finished: tests and the CLI's server side. */
    idle: () => c.running,
    /** Stops a running step at its next chunk (server shutdown) and waits for it. */
    async close() {
      c.closing = true;
      await c.running;
    },
    get: async (id: string) => {
      await started;
      return getDoc(c, id);
    },
    async list() {
      await started;
      return (await c.store.listImports(LIST_MAX)).map(
        (i) => c.docs.get(i.id) ?? asStored(JSON.parse(i.doc) as ImportDoc, Date.now()),
      );
    },
    upload: (body: Readable, o: UploadOptions) => upload(c, body, o),
    dryRun: (id: string, o: DryRunOptions) => startDryRun(c, id, o),
    run: (id: string, o: { policy?: UnmappedPolicy }) => startRun(c, id, o),
    undo: (id: string) => startUndo(c, id),
    reportFile: (id: string) => reportFile(c, id),
    mapping: (source: string) => mappingFor(c, source),
    async saveMapping(source: string, m: NamedMapping) {
      checkMapping(m);
      await c.store.putMapping(source, JSON.stringify(m), now());
    },
    listMappings: async () =>
      (await c.store.listMappings()).map((m) => ({
        source: m.source,
        mapping: JSON.parse(m.doc) as NamedMapping,
      })),
  };
}
