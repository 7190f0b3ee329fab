// Right after a restart, a step the restart cut off reads as failed (interrupted) from the first
// request on, however long the start-up marking takes: CI once read "importing" from a node that
// answered before its marking had stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createImportEngine } from '../../server/import/import-engine';
import type { Services } from '../../server/services';
import type { StoredImport } from '../../server/store/import-records';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Services whose import store takes `ms` to list (a loaded database). */
function services(rows: Map<string, StoredImport>, ms: number): Services {
  const later = <T>(v: () => T) => new Promise<T>((ok) => setTimeout(() => ok(v()), ms));
  const imports = {
    listImports: () => later(() => [...rows.values()]),
    getImport: async (id: string) => rows.get(id),
    putImport: async (r: StoredImport) => void rows.set(r.id, r),
  };
  return { store: { imports } } as unknown as Services;
}

describe('import engine start', () => {
  it('shows a step cut off by the restart as interrupted from the first read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-start-'));
    dirs.push(dir);
    const now = new Date().toISOString();
    const doc = { id: 'imp_cut', source: '12345', createdAt: now, savedAt: now };
    const rows = new Map<string, StoredImport>([
      [
        'imp_cut',
        {
          id: 'imp_cut',
          status: 'importing',
          doc: JSON.stringify({ ...doc, status: 'importing' }),
        } as unknown as StoredImport,
      ],
    ]);
    const engine = createImportEngine(services(rows, 100), dir, () => Date.now());
    // At once, as a poller that reconnected the moment the server answered.
    const [one, all] = await Promise.all([engine.get('imp_cut'), engine.list()]);
    expect(one).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    expect(all.map((d) => d.status)).toEqual(['failed']);
  });
});
