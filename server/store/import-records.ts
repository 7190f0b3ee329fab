// What the store keeps about imports: each import's summary (a JSON document the import engine
// owns), which problems it stored (so an undo removes exactly those), and named mappings.
import type { ProblemRecord } from './records';

export interface StoredImport {
  id: string;
  source: string;
  createdAt: number;
  status: string;
  /** The engine's whole summary of the import, as JSON. */
  doc: string;
}

export interface ImportStore {
  /**
   * Inside a transaction: holds the imports' one lock until it ends, so that reading which step
   * runs and storing this node's as running is one act across nodes (PostgreSQL: an advisory
   * lock; SQLite: its one writer already serialises it).
   */
  lockSteps(): void;
  putImport(i: StoredImport): void;
  getImport(id: string): StoredImport | undefined;
  /** Newest first. */
  listImports(limit: number): StoredImport[];
  /** Records that these problems were stored by this import. */
  link(importId: string, problemIds: string[]): void;
  /** Up to `limit` problems an import stored (call again after removing them for the next page). */
  linkedProblems(importId: string, limit: number): ProblemRecord[];
  /** Deletes the problems, their event-log rows and their links. */
  deleteProblems(ids: string[]): void;
  getMapping(source: string): string | undefined;
  putMapping(source: string, doc: string, at: number): void;
  listMappings(): Array<{ source: string; doc: string; updatedAt: number }>;
}
