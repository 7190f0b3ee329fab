// Imports and their column mappings as rows of the imports and import_mappings tables, read the
// same way by the SQLite and the PostgreSQL store.
import type { ImportStore, StoredImport } from './import-records';

export interface ImportRow {
  id: string;
  source: string;
  created_at: number;
  status: string;
  doc: string;
}

export interface ImportMappingRow {
  source: string;
  doc: string;
  updated_at: number;
}

export const toImport = (r: ImportRow): StoredImport => ({
  id: r.id,
  source: r.source,
  createdAt: r.created_at,
  status: r.status,
  doc: r.doc,
});

export const toImportMapping = (
  r: ImportMappingRow,
): ReturnType<ImportStore['listMappings']>[number] => ({
  source: r.source,
  doc: r.doc,
  updatedAt: r.updated_at,
});
