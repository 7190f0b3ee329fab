// The SQLite side of imports, on the store's own connection so links commit with the rows.
import type Database from 'better-sqlite3';
import type { ImportStore } from './import-records';
import { toImport, toImportMapping, type ImportMappingRow, type ImportRow } from './import-row';
import type { ProblemRecord } from './records';

const IMPORT_SCHEMA = `
CREATE TABLE IF NOT EXISTS imports (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, created_at INTEGER NOT NULL, status TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS import_rows (
  problem_id TEXT PRIMARY KEY, import_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS import_rows_import ON import_rows (import_id);
CREATE TABLE IF NOT EXISTS import_mappings (
  source TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS problem_events_problem ON problem_events (problem_id);
`;

export function sqliteImports(
  db: Database.Database,
  problem: (id: string) => ProblemRecord | undefined,
  /** Runs in the delete's transaction: the roll-ups take the problem's figures back. */
  deleted: (p: ProblemRecord) => void,
): ImportStore {
  db.exec(IMPORT_SCHEMA);
  const st = {
    put: db.prepare(
      'INSERT OR REPLACE INTO imports (id, source, created_at, status, doc) VALUES (@id, @source, @createdAt, @status, @doc)',
    ),
    get: db.prepare<[string], ImportRow>('SELECT * FROM imports WHERE id = ?'),
    list: db.prepare<[number], ImportRow>(
      'SELECT * FROM imports ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    link: db.prepare('INSERT OR IGNORE INTO import_rows (problem_id, import_id) VALUES (?, ?)'),
    linked: db.prepare<[string, number], { problem_id: string }>(
      'SELECT problem_id FROM import_rows WHERE import_id = ? LIMIT ?',
    ),
    delProblem: db.prepare('DELETE FROM problems WHERE id = ?'),
    delEvents: db.prepare('DELETE FROM problem_events WHERE problem_id = ?'),
    delLink: db.prepare('DELETE FROM import_rows WHERE problem_id = ?'),
    getMapping: db.prepare<[string], { doc: string }>(
      'SELECT doc FROM import_mappings WHERE source = ?',
    ),
    putMapping: db.prepare(
      'INSERT OR REPLACE INTO import_mappings (source, doc, updated_at) VALUES (?, ?, ?)',
    ),
    listMappings: db.prepare<[], ImportMappingRow>('SELECT * FROM import_mappings ORDER BY source'),
  };
  return {
    // One writer per database file: the transaction itself is the lock.
    lockSteps: () => undefined,
    putImport: (i) => void st.put.run(i),
    getImport: (id) => {
      const r = st.get.get(id);
      return r ? toImport(r) : undefined;
    },
    listImports: (limit) => st.list.all(limit).map(toImport),
    link(importId, ids) {
      for (const id of ids) st.link.run(id, importId);
    },
    linkedProblems(importId, limit) {
      const out: ProblemRecord[] = [];
      for (const r of st.linked.all(importId, limit)) {
        const p = problem(r.problem_id);
        if (p) out.push(p);
        else st.delLink.run(r.problem_id); // removed by other means: the link is stale
      }
      return out;
    },
    deleteProblems(ids) {
      for (const id of ids) {
        const p = problem(id);
        if (p) deleted(p);
        st.delProblem.run(id);
        st.delEvents.run(id);
        st.delLink.run(id);
      }
    },
    getMapping: (source) => st.getMapping.get(source)?.doc,
    putMapping: (source, doc, at) => void st.putMapping.run(source, doc, at),
    listMappings: () => st.listMappings.all().map(toImportMapping),
  };
}
