// The import's parse worker: reads the file, finds the header, normalises every row and sends
// them in chunks to the main thread (a dry run, or a run on a store over a socket) or to the
// write worker's port (a run on the embedded store). It parses the next chunk while the last one
// is written, but never runs more than IN_FLIGHT chunks ahead (so a 1M-row file never sits in
// memory).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { findHeaderRow, guessMapping, resolveColumns } from './headers';
import {
  cellText,
  normalizeRow,
  type NormalRow,
  type RowContext,
  type RowReject,
} from './normalize-row';
import { createPlaceMatcher } from './places';
import {
  csvRows,
  DecodeError,
  encodingFor,
  sniff,
  xlsxRows,
  type ByteCounter,
} from './row-sources';
import type {
  HeaderInfo,
  MainMessage,
  ParseJob,
  SampleRow,
  WorkerMessage,
} from './worker-protocol';

const { job, sink } = workerData as { job: ParseJob; sink?: MessagePort };
const port = sink ?? parentPort!;
const send = (m: WorkerMessage) => port.postMessage(m);
/** Chunks sent and not yet written: one being written, one parsed ahead. */
const IN_FLIGHT = 2;
let unacked = 0;
let waiting: (() => void) | null = null;
port.on('message', (_m: MainMessage) => {
  unacked--;
  waiting?.();
  waiting = null;
});
const roomToSend = () =>
  unacked < IN_FLIGHT ? Promise.resolve() : new Promise<void>((ok) => (waiting = ok));

/** Rows above the header are looked at to find it: title rows, notes, blank lines. */
const HEADER_SCAN = 10;

async function rowsOf(counter: ByteCounter) {
  if (job.format === 'xlsx')
    return { rows: xlsxRows(job.file, counter), enc: 'xlsx' as const, by: 'xlsx' };
  const enc = encodingFor(await sniff(job.file), job.encoding);
  return {
    rows: csvRows(job.file, job.format === 'tsv' ? '\t' : ',', enc, counter),
    enc: enc.encoding,
    by: enc.by,
  };
}

async function main() {
  const counter: ByteCounter = { bytes: 0 };
  const { rows, enc, by } = await rowsOf(counter);
  const head: Array<[number, unknown[]]> = [];
  let ctx: RowContext | undefined;
  let chunk: NormalRow[] = [];
  let rejects: RowReject[] = [];
  let samples: SampleRow[] = [];
  let sampled = 0;
  let blanks = 0;
  const unmapped = new Map<string, number>();

  const flush = async () => {
    await roomToSend();
    unacked++;
    send({ type: 'chunk', rows: chunk, rejects, blanks, bytesRead: counter.bytes, samples });
    chunk = [];
    rejects = [];
    samples = [];
    blanks = 0;
  };

  const start = (): RowContext => {
    const texts = head.map(([, cells]) => cells.map(cellText));
    const at = findHeaderRow(texts);
    const headers = texts[at]!.map((h) => h.trim());
    const mapping = job.mapping ?? guessMapping(headers);
    const { columns, missing } = resolveColumns(headers, mapping);
    const header: HeaderInfo = {
      encoding: enc,
      encodingBy: by,
      headerRow: head[at]![0],
      headers,
      mapping,
      missing,
    };
    send({ type: 'header', header });
    head.splice(0, at + 1);
    return {
      columns,
      headers,
      tables: job.tables,
      policy: job.policy,
      matcher: createPlaceMatcher(job.regions, job.datum),
      idPrefix: job.idPrefix,
      defaultSource: job.defaultSource,
      now: job.now,
    };
  };

  const take = async ([n, cells]: [number, unknown[]], c: RowContext) => {
    const out = normalizeRow(c, n, cells);
    if (out.kind === 'blank') blanks++;
    else {
      for (const u of out.unmapped) {
        const k = `${u.kind}\u0000${u.value}`;
        unmapped.set(k, (unmapped.get(k) ?? 0) + 1);
      }
      if (out.kind === 'ok') chunk.push(out.row);
      else rejects.push(out.reject);
      if (sampled < job.sampleRows) {
        sampled++;
        samples.push({
          row: n,
          cells: cells.map(cellText),
          outcome:
            out.kind === 'ok' ? { ok: true, row: out.row } : { ok: false, reject: out.reject },
        });
      }
    }
    if (chunk.length + rejects.length + blanks >= job.chunkRows) await flush();
  };

  for await (const r of rows) {
    if (!ctx) {
      head.push(r);
      if (head.length < HEADER_SCAN) continue;
      ctx = start();
      for (const h of head.splice(0)) await take(h, ctx);
      continue;
    }
    await take(r, ctx);
  }
  if (!ctx && head.length > 0) {
    ctx = start();
    for (const h of head.splice(0)) await take(h, ctx);
  }
  if (!ctx) throw new EmptyFile();
  await flush();
  send({
    type: 'done',
    bytesRead: counter.bytes,
    unmapped: [...unmapped].map(([k, count]) => {
      const [kind, value] = k.split('\u0000') as [never, string];
      return { kind, value, count };
    }),
  });
}

class EmptyFile extends Error {}

main().catch((err: unknown) => {
  if (err instanceof DecodeError)
    send({
      type: 'failed',
      code: 'decode_failed',
      message: `${err.message}; choose the encoding by hand (encoding=gb18030 or utf-8)`,
    });
  else if (err instanceof EmptyFile)
    send({ type: 'failed', code: 'empty_file', message: 'the file holds no rows' });
  else
    send({
      type: 'failed',
      code: 'unreadable_file',
      message:
        `the file could not be read as ${job.format.toUpperCase()}: ${(err as Error).message}`.slice(
          0,
          500,
        ),
    });
});
