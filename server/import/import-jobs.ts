// The three long jobs of an import: the dry run (parse everything, write nothing), the run
// (write in chunks through write-rows, yielding to the event loop between chunks) and the undo.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { Reasons } from '../../shared/admin-api';
import type { IngestDeps } from '../ingest/ingest-deps';
import type { ImportStore } from '../store/import-records';
import { addReason, emptyCounts, totalRejected, type Counts, type ImportDoc } from './import-doc';
import type { NormalRow, RowReject, UnmappedPolicy } from './normalize-row';
import { parseFile } from './parse-file';
import { RejectReport } from './reject-report';
import { writeRow } from './write-rows';
import type { ParseJob, SampleRow } from './worker-protocol';

export const SAMPLE_ROWS = 20;
/** Rows per message from the parse worker. */
export const CHUNK_ROWS = 200;
/**
 * Main-thread time one write transaction may take before it commits and yields: the event loop
 * must never be blocked > 50 ms, and the commit (an fsync) and the hub's next batch need room.
 */
export const SLICE_MS = 15;

/** 53-bit hash of an id: a Set of numbers holds a million rows' identities in a few tens of MB. */
export function idHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

function progressOf(doc: ImportDoc, started: number, c: Counts, bytesRead: number) {
  const seconds = Math.max(0.001, (performance.now() - started) / 1000);
  const rejected = totalRejected(c);
  const rows = c.accepted + c.duplicates + rejected + c.skippedBlank;
  const left = Math.max(0, doc.bytesTotal - bytesRead);
  doc.progress = {
    bytesRead,
    bytesTotal: doc.bytesTotal,
    rows,
    accepted: c.accepted,
    rejected,
    rowsPerSecond: Math.round(rows / seconds),
    etaSeconds: bytesRead > 0 ? Math.round((left / bytesRead) * seconds) : null,
  };
}

type Chunk = {
  rows: NormalRow[];
  rejects: RowReject[];
  blanks: number;
  bytesRead: number;
  samples: SampleRow[];
};

/** Parses the whole file, writing nothing: what would be imported, rejected, left unmapped. */
export class Stopped extends Error {
  readonly code = 'interrupted';
  constructor() {
    super('the server stopped during this step; undo removes what was stored');
  }
}

export async function dryRun(
  doc: ImportDoc,
  job: ParseJob,
  has: (id: string) => boolean,
  stopped: () => boolean,
) {
  const counts = emptyCounts();
  const seen = new Set<number>();
  const sample: SampleRow[] = [];
  const started = performance.now();
  const { done } = parseFile(job, {
    onHeader: (h) => (doc.header = h),
    async onChunk(c: Chunk) {
      if (stopped()) throw new Stopped();
      sample.push(...c.samples);
      counts.skippedBlank += c.blanks;
      for (const r of c.rejects) addReason(counts, r.reason);
      for (const r of c.rows) {
        const h = idHash(r.id);
        if (seen.has(h) || has(r.id)) counts.duplicates++;
        else counts.accepted++;
        seen.add(h);
      }
      progressOf(doc, started, counts, c.bytesRead);
    },
  });
  const end = await done;
  progressOf(doc, started, counts, end.bytesRead);
  doc.dryRun = { ...counts, sample, unmapped: end.unmapped, columns: doc.header?.mapping ?? {} };
}

export interface RunDeps {
  deps: IngestDeps;
  imports: ImportStore;
  reportFile: string;
  /** The reject reasons worded for the dataset's levels (reasonsFor). */
  reasons?: Reasons;
  /** Called now and then so the store holds the progress (visible after a restart). */
  checkpoint(): void;
  stopped(): boolean;
}

/** Writes every good row; rejects go to the report, repeated ids are reported once. */
export async function runImport(doc: ImportDoc, job: ParseJob, policy: UnmappedPolicy, r: RunDeps) {
  const counts = emptyCounts();
  doc.result = { ...counts, policy, startedAt: new Date().toISOString() };
  const seen = new Set<number>();
  const repeated = new Set<number>();
  const report = new RejectReport(r.reportFile, r.reasons);
  const started = performance.now();
  let lastCheckpoint = started;
  const idColumn = () => doc.header?.mapping.sourceId ?? 'row';
  const { done } = parseFile(job, {
    onHeader: (h) => (doc.header = h),
    async onChunk(c: Chunk) {
      if (r.stopped()) throw new Stopped();
      counts.skippedBlank += c.blanks;
      for (const x of c.rejects) {
        addReason(counts, x.reason);
        report.add(x);
      }
      await writeSliced(c.rows);
      progressOf(doc, started, counts, c.bytesRead);
      Object.assign(doc.result!, counts);
      if (performance.now() - lastCheckpoint > 2000) {
        lastCheckpoint = performance.now();
        r.checkpoint();
      }
    },
  });

  /** Writes rows in transactions of at most SLICE_MS each, yielding between them. */
  async function writeSliced(rows: NormalRow[]) {
    for (let i = 0; i < rows.length;) {
      i = writeSlice(rows, i);
      await yieldLoop();
    }
  }

  /** One transaction from rows[from]; returns where the next one starts. */
  function writeSlice(rows: NormalRow[], from: number): number {
    const after: Array<() => void> = [];
    const stored: string[] = [];
    const t0 = performance.now();
    let i = from;
    r.deps.store.transaction(() => {
      for (; i < rows.length && performance.now() - t0 < SLICE_MS; i++) {
        const row = rows[i]!;
        const h = idHash(row.id);
        if (seen.has(h)) {
          counts.duplicates++;
          if (!repeated.has(h)) {
            repeated.add(h);
            report.add({
              row: row.row,
              column: idColumn(),
              value: row.id,
              reason: 'duplicate_in_file',
            });
          }
          continue;
        }
        seen.add(h);
        if (r.deps.store.getProblem(row.id)) {
          counts.duplicates++;
          continue;
        }
        const w = writeRow(r.deps, row);
        if (w.ok) {
          after.push(w.after);
          stored.push(row.id);
          counts.accepted++;
        } else {
          addReason(counts, w.code);
          report.add({ row: row.row, column: '', value: row.id, reason: w.code });
        }
      }
      r.imports.link(doc.id, stored);
    });
    for (const fn of after) fn();
    return i;
  }

  try {
    const end = await done;
    progressOf(doc, started, counts, end.bytesRead);
  } finally {
    await report.close();
    Object.assign(doc.result, counts, {
      finishedAt: new Date().toISOString(),
      seconds: Math.round(performance.now() - started) / 1000,
    });
  }
}

/** Removes exactly the problems this import stored, taking their figures back out. */
export async function undoImport(
  doc: ImportDoc,
  deps: IngestDeps,
  imports: ImportStore,
  stopped: () => boolean,
): Promise<number> {
  let removed = 0;
  for (;;) {
    if (stopped()) throw new Stopped();
    const batch = imports.linkedProblems(doc.id, CHUNK_ROWS);
    if (batch.length === 0) break;
    deps.store.transaction(() => imports.deleteProblems(batch.map((p) => p.id)));
    for (const p of batch) deps.agg.removeProblem(p);
    removed += batch.length;
    await yieldLoop();
  }
  return removed;
}
