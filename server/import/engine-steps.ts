// The steps after an upload, each checked against the doc's state and then run in the
// background: dry run, run, undo.
import { reasonsFor } from '../../shared/admin-api';
import { datasetLevelNames } from '../dataset/level-names';
import { HttpError } from '../http-error';
import type { ColumnMapping } from './headers';
import type { ImportDoc } from './import-doc';
import { dryRun, runImport, undoImport } from './import-jobs';
import type { NamedMapping } from './mappings';
import type { UnmappedPolicy } from './normalize-row';
import {
  type EngineContext,
  background,
  checkMapping,
  getDoc,
  needFile,
  needSource,
  parseJob,
  rejectsFile,
  saveDoc,
  writeJob,
} from './engine-context';

export interface DryRunOptions {
  columns?: ColumnMapping;
  mapping?: NamedMapping;
  policy?: UnmappedPolicy;
}

/** What every step needs of the engine: its doc's save, whether other nodes read it, its stop. */
const stepDeps = (c: EngineContext, d: ImportDoc) => ({
  checkpoint: () => saveDoc(c, d),
  shared: c.s.store.sharedByNodes === true,
  stopped: c.stopped,
});

export async function startDryRun(
  c: EngineContext,
  id: string,
  o: DryRunOptions,
): Promise<ImportDoc> {
  const d = await getDoc(c, id);
  // First: on a node without the file, no other answer leads anywhere.
  needSource(c, id);
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
  const has = async (pid: string) => (await c.s.store.getProblem(pid)) !== undefined;
  await background(c, d, 'dry_running', 'dry_run', () =>
    dryRun(d, parseJob(c, d, o.policy ?? 'stop'), has, stepDeps(c, d)),
  );
  return d;
}

export async function startRun(
  c: EngineContext,
  id: string,
  o: { policy?: UnmappedPolicy },
): Promise<ImportDoc> {
  const d = await getDoc(c, id);
  needSource(c, id);
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
  const write = writeJob(c, d);
  const job = parseJob(c, d, policy);
  await background(c, d, 'importing', 'imported', () =>
    runImport(d, write ? { ...job, chunkRows: write.chunkRows } : job, policy, {
      deps: c.s.deps,
      writeJob: write,
      reportFile: rejectsFile(c, d.id),
      reasons: reasonsFor(datasetLevelNames(c.s.dataset)),
      ...stepDeps(c, d),
    }),
  );
  return d;
}

export async function startUndo(c: EngineContext, id: string): Promise<ImportDoc> {
  const d = await getDoc(c, id);
  if (!d.result || !['imported', 'failed'].includes(d.status))
    throw new HttpError(
      409,
      'wrong_state',
      `import ${id} is "${d.status}"; only an import that ran can be undone`,
    );
  await background(c, d, 'undoing', 'undone', async () => {
    d.result!.undone = await undoImport(d, c.s.deps, stepDeps(c, d));
  });
  return d;
}

export async function reportFile(c: EngineContext, id: string): Promise<string> {
  const d = await getDoc(c, id);
  if (!d.result)
    throw new HttpError(404, 'no_report', `import ${id} has not run, so it has no reject report`);
  const file = rejectsFile(c, id);
  needFile(
    file,
    `the reject report of import ${id} was written on the node that ran it, not this one: it is served there while that node is the import node; if that node is gone, undo the import and upload the file again`,
  );
  return file;
}
