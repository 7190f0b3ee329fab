// The first step of an import: the request body streamed to disk (size-capped), its format
// sniffed, and a new doc in state "uploaded".
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, extname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../http-error';
import type { TextEncoding } from './encoding';
import type { ImportDoc } from './import-doc';
import { type EngineContext, mappingFor, saveDoc, sourceFile } from './engine-context';
import { flushToDisk } from './flush-to-disk';
import type { FileFormat } from './worker-protocol';

const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface UploadOptions {
  source: string;
  fileName: string;
  encoding?: TextEncoding;
  by?: string;
}

function newId(): string {
  return `imp_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

function formatOf(file: string, name: string): FileFormat {
  const head = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  const ext = extname(name).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.xlsx' || ext === '.xls')
    throw new HttpError(
      400,
      'not_xlsx',
      `${name} is not an XLSX workbook (save it as .xlsx or CSV)`,
    );
  const firstLine = head.subarray(0, n).toString('latin1').split('\n')[0] ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
}

function limit(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(c: Buffer, _e, done) {
      n += c.length;
      if (n > max)
        done(new HttpError(413, 'file_too_large', `files up to ${max} bytes are accepted`));
      else done(null, c);
    },
  });
}

async function newDoc(
  c: EngineContext,
  id: string,
  file: string,
  bytesTotal: number,
  o: UploadOptions,
): Promise<ImportDoc> {
  return {
    id,
    source: o.source,
    fileName: o.fileName,
    ...(o.by ? { by: o.by } : {}),
    format: formatOf(file, o.fileName),
    bytesTotal,
    createdAt: new Date(c.now()).toISOString(),
    status: 'uploaded',
    settings: {
      mapping: await mappingFor(c, o.source),
      ...(o.encoding ? { encoding: o.encoding } : {}),
    },
    progress: {
      bytesRead: 0,
      bytesTotal,
      rows: 0,
      accepted: 0,
      rejected: 0,
      rowsPerSecond: 0,
      etaSeconds: null,
    },
  };
}

export async function upload(
  c: EngineContext,
  body: Readable,
  o: UploadOptions,
): Promise<ImportDoc> {
  const id = newId();
  mkdirSync(join(c.dir, id));
  const file = sourceFile(c, id);
  try {
    await pipeline(body, limit(MAX_UPLOAD_BYTES), createWriteStream(file));
    // On disk before its doc says "uploaded": a crash then loses neither.
    await flushToDisk(file);
    const bytesTotal = statSync(file).size;
    if (bytesTotal === 0)
      throw new HttpError(
        400,
        'empty_file',
        'the upload is empty; send the file as the request body',
      );
    const d = await newDoc(c, id, file, bytesTotal, o);
    await saveDoc(c, d);
    return d;
  } catch (err) {
    rmSync(join(c.dir, id), { recursive: true, force: true });
    if (err instanceof HttpError) throw err;
    // The caller hung up or the stream broke: say so, never a 500.
    throw new HttpError(
      400,
      'upload_failed',
      `the upload did not complete: ${(err as Error).message}`,
    );
  }
}
