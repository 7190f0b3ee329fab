// Streams of raw rows out of a file: CSV/TSV decoded as detected, XLSX through exceljs's streaming
// reader. Each yields [rowNumber, cells]; the byte counter says how far into the file it is.
import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
// Before exceljs: its XML parser, fixed for characters split between chunks.
import './exceljs-utf8';
import ExcelJS from 'exceljs';
import { SNIFF_BYTES, detectEncoding, type DetectedEncoding, type TextEncoding } from './encoding';
import { SharedStrings, sharedStringsArray } from './shared-strings';

export interface ByteCounter {
  bytes: number;
}

function counting(counter: ByteCounter): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      done(null, chunk);
    },
  });
}

export async function sniff(file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of createReadStream(file, { start: 0, end: SNIFF_BYTES - 1 })) {
    parts.push(c as Buffer);
    n += (c as Buffer).length;
  }
  return Buffer.concat(parts, n);
}

export class DecodeError extends Error {}

/** Bytes → text with a fatal decoder: a GBK file read as UTF-8 (or the reverse) stops, loudly. */
function decoding(enc: DetectedEncoding): Transform {
  const dec = new TextDecoder(enc.encoding, { fatal: true });
  let skip = enc.bomLength;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _e, done) {
      let c = chunk;
      if (skip > 0) {
        const n = Math.min(skip, c.length);
        c = c.subarray(n);
        skip -= n;
      }
      try {
        done(null, dec.decode(c, { stream: true }));
      } catch {
        done(new DecodeError(`the bytes are not valid ${enc.encoding}`));
      }
    },
    flush(done) {
      try {
        done(null, dec.decode());
      } catch {
        done(new DecodeError(`the file ends inside a ${enc.encoding} character`));
      }
    },
  });
}

export async function* csvRows(
  file: string,
  delimiter: ',' | '\t',
  enc: DetectedEncoding,
  counter: ByteCounter,
): AsyncGenerator<[number, unknown[]]> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  // pipeline, not .pipe(): a decoding error must reach the loop below, not crash the worker.
  pipeline(
    createReadStream(file, { highWaterMark: 256 * 1024 }),
    counting(counter),
    decoding(enc),
    parser,
    () => {},
  );
  let n = 0;
  for await (const rec of parser) yield [++n, rec as string[]];
}

export async function* xlsxRows(
  file: string,
  counter: ByteCounter,
): AsyncGenerator<[number, unknown[]]> {
  const input = counting(counter);
  pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), input, () => {});
  // sharedStrings 'cache' or cells come back as {sharedString: n}; styles 'cache' or date cells
  // come back as serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  // The shared strings go into a compact table (shared-strings.ts). exceljs assigns its own array
  // when it reaches the table, and looks at the property before that (a sheet met first waits in
  // a temp file), so the property is ours from the start.
  let table: unknown[] | undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    get: () => table,
    set: (v: unknown) => {
      table = v === undefined ? undefined : sharedStringsArray(new SharedStrings());
    },
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      yield [
        row.number,
        Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => values[i + 1]),
      ];
    }
    return; // the first sheet is the export
  }
}

export function encodingFor(head: Buffer, override?: TextEncoding): DetectedEncoding {
  return detectEncoding(head, override);
}
