// The end of an import step, as a caller polling the doc sees it: once the doc shows the step
// ended, the next step may start at once. Storing the end takes a while (an fsync; seconds on a
// loaded machine); a doc that showed the end before it was stored let a caller's next step meet
// a slot still held, and a run asked for right after its dry run was refused as busy.
import { describe, expect, it } from 'vitest';
import { background, getDoc, type EngineContext } from '../../server/import/engine-context';
import type { ImportDoc } from '../../server/import/import-doc';
import type { StoredImport } from '../../server/store/import-records';

const RUNNING = ['dry_running', 'importing', 'undoing'];

/** A context whose store takes `saveMs` to store a doc outside a step's claim. */
function context(saveMs: number): EngineContext {
  const rows = new Map<string, StoredImport>();
  const imports = {
    lockSteps: () => undefined,
    listImports: () => [...rows.values()],
    getImport: (id: string) => rows.get(id),
    putImport: (r: StoredImport) => void rows.set(r.id, r),
  };
  const slow = {
    ...imports,
    putImport: (r: StoredImport) =>
      new Promise<void>((done) =>
        setTimeout(() => {
          rows.set(r.id, r);
          done();
        }, saveMs),
      ),
  };
  return {
    s: { store: { transaction: (fn: (tx: unknown) => unknown) => fn({ imports }) } },
    store: slow,
    dir: '/nonexistent',
    node: 'node-a',
    now: () => Date.now(),
    docs: new Map(),
    busy: null,
    running: Promise.resolve(),
    closing: false,
    stopped: () => false,
  } as unknown as EngineContext;
}

const doc = (): ImportDoc =>
  ({
    id: 'imp_1',
    source: '12345',
    createdAt: new Date().toISOString(),
    status: 'uploaded',
  }) as unknown as ImportDoc;

/** Polls the doc as the admin page does until its step has ended. */
async function settled(c: EngineContext, id: string): Promise<ImportDoc> {
  for (;;) {
    const d = await getDoc(c, id);
    if (!RUNNING.includes(d.status)) return d;
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

describe('an import step that ended', () => {
  it('shows its end only once the next step can start', async () => {
    const c = context(60);
    const d = doc();
    await background(c, d, 'dry_running', 'dry_run', () => Promise.resolve());
    expect((await settled(c, d.id)).status).toBe('dry_run');
    await background(c, d, 'importing', 'imported', () => Promise.resolve());
    expect((await settled(c, d.id)).status).toBe('imported');
    await c.running;
    expect(JSON.parse((await c.store.getImport(d.id))!.doc)).toMatchObject({ status: 'imported' });
  });

  it('shows a failed step with its error, once stored', async () => {
    const c = context(30);
    const d = doc();
    await background(c, d, 'importing', 'imported', () =>
      Promise.reject(Object.assign(new Error('the file is gone'), { code: 'file_gone' })),
    );
    const end = await settled(c, d.id);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'file_gone' } });
    expect(c.busy).toBeNull();
  });
});
