// Imports of spreadsheet exports (sqlite-imports.ts on PostgreSQL).
import { toImport, toImportMapping, type ImportMappingRow, type ImportRow } from '../import-row';
import type { Store, ProblemRecord } from '../records';
import { toRecord, type ProblemRow } from '../sqlite-problem-row';
import type { Queryable } from './conn';

/** The advisory lock of "which import step runs" (a fixed key of this product's own). */
const IMPORT_STEPS_LOCK = 0x5c12_1709;

export function pgImports(
  q: Queryable,
  /** Runs in the delete's transaction: the roll-ups take the problem's figures back. */
  deleted: (p: ProblemRecord) => void,
): Store['imports'] {
  return {
    async lockSteps() {
      // Transaction-scoped: released by the COMMIT or ROLLBACK, whatever happens to the caller.
      await q.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_STEPS_LOCK]);
    },
    async putImport(i) {
      await q.query(
        `INSERT INTO imports (id, source, created_at, status, doc) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, created_at = excluded.created_at,
           status = excluded.status, doc = excluded.doc`,
        [i.id, i.source, i.createdAt, i.status, i.doc],
      );
    },
    async getImport(id) {
      const r = (await q.query<ImportRow>('SELECT * FROM imports WHERE id = $1', [id])).rows[0];
      return r ? toImport(r) : undefined;
    },
    listImports: async (limit) =>
      (
        await q.query<ImportRow>(
          'SELECT * FROM imports ORDER BY created_at DESC, id DESC LIMIT $1',
          [limit],
        )
      ).rows.map(toImport),
    async link(importId, ids) {
      await q.query(
        `INSERT INTO import_rows (problem_id, import_id) SELECT unnest($1::TEXT[]), $2
         ON CONFLICT (problem_id) DO NOTHING`,
        [ids, importId],
      );
    },
    async linkedProblems(importId, limit) {
      const { rows } = await q.query<ProblemRow & { link: string }>(
        `SELECT l.problem_id AS link, p.* FROM (
           SELECT problem_id FROM import_rows WHERE import_id = $1 ORDER BY problem_id LIMIT $2
         ) l LEFT JOIN problems p ON p.id = l.problem_id ORDER BY l.problem_id`,
        [importId, limit],
      );
      // A link whose problem was removed by other means is stale.
      const stale = rows.filter((r) => r.id === null).map((r) => r.link);
      if (stale.length)
        await q.query('DELETE FROM import_rows WHERE problem_id = ANY($1::TEXT[])', [stale]);
      return rows.filter((r) => r.id !== null).map(toRecord);
    },
    async deleteProblems(ids) {
      // RETURNING hands back exactly the rows this statement removed: a concurrent delete of the
      // same problem cannot take its figures back twice.
      const { rows } = await q.query<ProblemRow>(
        'DELETE FROM problems WHERE id = ANY($1::TEXT[]) RETURNING *',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const r = byId.get(id);
        if (r) deleted(toRecord(r));
        byId.delete(id);
      }
      await q.query('DELETE FROM problem_events WHERE problem_id = ANY($1::TEXT[])', [ids]);
      await q.query('DELETE FROM import_rows WHERE problem_id = ANY($1::TEXT[])', [ids]);
    },
    getMapping: async (source) =>
      (
        await q.query<{ doc: string }>('SELECT doc FROM import_mappings WHERE source = $1', [
          source,
        ])
      ).rows[0]?.doc,
    async putMapping(source, doc, at) {
      await q.query(
        `INSERT INTO import_mappings (source, doc, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (source) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
        [source, doc, at],
      );
    },
    listMappings: async () =>
      (await q.query<ImportMappingRow>('SELECT * FROM import_mappings ORDER BY source')).rows.map(
        toImportMapping,
      ),
  };
}
