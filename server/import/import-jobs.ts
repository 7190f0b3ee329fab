// The three long jobs of an import: the dry run (parse everything, write nothing), the run (on
// the embedded store a write worker writes, parse-file.ts; else the main thread in slices through
// slice-writer, yielding to the event loop between them) and the undo.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import type { Reasons } from '../../shared/admin-api';
import type { IngestDeps } from '../ingest/ingest-deps';
import { addReason, emptyCounts, totalRejected, type Counts, type ImportDoc } from './import-doc';
import type { NormalRow, RowReject, UnmappedPolicy } from './normalize-row';
import { parseFile } from './parse-file';
import { RejectReport } from './reject-report';
import { createSliceWriter, idHash, type SliceOutcome } from './slice-writer';
import { IdSet } from './id-set';
import { INTERRUPTED } from './step-lease';
import type { ParseJob, SampleRow, WriteJob } from './worker-protocol';

export const SAMPLE_ROWS = 20;
/** Rows per message from the parse worker: big enough that messages are few, small enough that
 * cloning one on the main thread stays a few milliseconds. */
export const CHUNK_ROWS = 1000;
/**
 * Rows per chunk when a write worker writes them (one transaction each): a roll-up row or index
 * page touched by many rows is rewritten once per chunk. The writer's CPU per row (its SQL and
 * roll-ups alone, rows spread over 300 days): 52 µs at 4,000 rows, 39 at 8,000, 30 at 16,000, 28
 * at 32,000. The price: an API write made during an import waits in the store's queue for the
 * chunk being written (about half a second).
 */
export const WRITE_CHUNK_ROWS = 16_000;
/** A dry run's lookups of stored ids between two turns of the event loop. */
const LOOKUPS_PER_TURN = 200;
/** Problems per undo transaction. */
const UNDO_ROWS = 200;
/** How often a running step stores its doc: what another node shows of its progress (after a
 * failover, or to a caller that reaches it directly) is at most this old. One small UPDATE. */
const CHECKPOINT_MS = 1000;

/**
 * A checkpoint that stores the doc when the last one is CHECKPOINT_MS old, where other nodes read
 * it. A database only this node reads (SQLite) has the live doc in memory and the step's start
 * stored (a restart marks it interrupted): a save there would only cost a commit, and its fsync
 * ran on the event loop while the import's writes kept the disk busy (147 ms, bench:import).
 */
function every(step: StepDeps) {
  let last = performance.now();
  return async () => {
    if (!step.shared || performance.now() - last < CHECKPOINT_MS) return;
    last = performance.now();
    await step.checkpoint();
  };
}

interface StepDeps {
  /** Stores the doc (its progress), for the store's readers on every node and after a restart. */
  checkpoint: () => Promise<void>;
  /** Whether other nodes read the stored doc while the step runs (Store.sharedByNodes). */
  shared: boolean;
  stopped: () => boolean;
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
  readonly code = INTERRUPTED.code;
  constructor() {
    super(INTERRUPTED.message);
  }
}

export async function dryRun(
  doc: ImportDoc,
  job: ParseJob,
  has: (id: string) => Promise<boolean>,
  step: StepDeps,
) {
  const counts = emptyCounts();
  const seen = new IdSet();
  const sample: SampleRow[] = [];
  const started = performance.now();
  const checkpoint = every(step);
  const { done } = parseFile(job, {
    onHeader: (h) => (doc.header = h),
    async onChunk(c: Chunk) {
      if (step.stopped()) throw new Stopped();
      sample.push(...c.samples);
      counts.skippedBlank += c.blanks;
      for (const r of c.rejects) addReason(counts, r.reason);
      let n = 0;
      for (const r of c.rows) {
        const h = idHash(r.id);
        if (seen.has(h) || (await has(r.id))) counts.duplicates++;
        else counts.accepted++;
        seen.add(h);
        // The awaits above resolve at once (microtasks, no turn of the event loop): a chunk's
        // thousand lookups would hold it for ~100 ms on a loaded machine.
        if (++n % LOOKUPS_PER_TURN === 0) await yieldLoop();
      }
      progressOf(doc, started, counts, c.bytesRead);
      await checkpoint();
    },
  });
  const end = await done;
  progressOf(doc, started, counts, end.bytesRead);
  doc.dryRun = { ...counts, sample, unmapped: end.unmapped, columns: doc.header?.mapping ?? {} };
}

export interface RunDeps extends StepDeps {
  deps: IngestDeps;
  reportFile: string;
  /** The reject reasons worded for the dataset's levels (reasonsFor). */
  reasons?: Reasons;
  /** Given when the store can be written from another thread (Store.offThread): the writer's job. */
  writeJob?: WriteJob;
}

/** Writes every good row; rejects go to the report, repeated ids are reported once. */
export async function runImport(doc: ImportDoc, job: ParseJob, policy: UnmappedPolicy, r: RunDeps) {
  const counts = emptyCounts();
  doc.result = { ...counts, policy, startedAt: new Date().toISOString() };
  const report = new RejectReport(r.reportFile, r.reasons);
  const started = performance.now();
  const checkpoint = every(r);
  const idColumn = () => doc.header?.mapping.sourceId ?? 'row';
  const out: SliceOutcome = {
    repeated(row, first) {
      counts.duplicates++;
      if (first)
        report.add({
          row: row.row,
          column: idColumn(),
          value: row.id,
          reason: 'duplicate_in_file',
        });
    },
    stored: () => counts.duplicates++,
    rejected(row, code) {
      addReason(counts, code);
      report.add({ row: row.row, column: '', value: row.id, reason: code });
    },
    accepted(p) {
      r.deps.changes.problem(undefined, p);
      counts.accepted++;
    },
  };
  const slices = createSliceWriter(r.deps, doc.id, out);
  /** What the parser said of a chunk besides its rows. */
  const parsed = (c: Pick<Chunk, 'blanks' | 'rejects'>) => {
    counts.skippedBlank += c.blanks;
    for (const x of c.rejects) {
      addReason(counts, x.reason);
      report.add(x);
    }
  };
  const counted = (bytesRead: number) => {
    progressOf(doc, started, counts, bytesRead);
    Object.assign(doc.result!, counts);
  };
  const progressed = async (bytesRead: number) => {
    counted(bytesRead);
    await checkpoint();
  };
  const off = r.deps.store.offThread;
  const parse = () =>
    parseFile(
      job,
      {
        onHeader: (h) => (doc.header = h),
        async onChunk(c: Chunk) {
          if (r.stopped()) throw new Stopped();
          parsed(c);
          await writeSliced(c.rows);
          await progressed(c.bytesRead);
        },
      },
      off && r.writeJob
        ? {
            job: r.writeJob,
            exclusive: (fn) => off.exclusive(fn),
            // The stored rows into the live figures while the store's queue is still held, so no
            // read sees them unapplied.
            apply: (stored) => stored.forEach((p) => out.accepted(p)),
            written(w) {
              parsed(w);
              for (const o of w.outcomes)
                if (o.kind === 'repeated') out.repeated(o, o.first);
                else if (o.kind === 'stored') out.stored(o);
                else out.rejected(o, o.code);
              counted(w.bytesRead);
            },
            more: () => !r.stopped(),
            async settled() {
              await checkpoint();
              // Checked after the chunks (their rows are stored and counted): none is written after.
              if (r.stopped()) throw new Stopped();
            },
          }
        : undefined,
    ).done;

  /** Writes rows in slices of about SLICE_MS each, yielding between them. */
  async function writeSliced(rows: NormalRow[]) {
    for (let i = 0; i < rows.length;) {
      i = await slices.writeSlice(rows, i);
      await yieldLoop();
    }
  }

  try {
    // Another connection writes the rows: this one's cache would be dropped after each chunk.
    const end = await (off && r.writeJob ? off.cacheAside(parse) : parse());
    progressOf(doc, started, counts, end.bytesRead);
    // The slices deferred their flush to disk: this ordinary commit flushes them all before the
    // import says it is done.
    Object.assign(doc.result, counts);
    await r.checkpoint();
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
  step: StepDeps,
): Promise<number> {
  let removed = 0;
  const checkpoint = every(step);
  for (;;) {
    if (step.stopped()) throw new Stopped();
    // A page read, deleted and taken out of the live figures in one step of the store.
    const batch = await deps.store.transaction(
      async (tx) => {
        const page = await tx.imports.linkedProblems(doc.id, UNDO_ROWS);
        if (page.length > 0) await tx.imports.deleteProblems(page.map((p) => p.id));
        return page;
      },
      (page) => {
        for (const p of page) deps.changes.removeProblem(p);
      },
    );
    if (batch.length === 0) break;
    removed += batch.length;
    await checkpoint();
    await yieldLoop();
  }
  return removed;
}
