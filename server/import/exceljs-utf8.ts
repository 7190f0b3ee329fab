// exceljs's streaming reader turns each chunk of a sheet's XML into text on its own
// (lib/utils/parse-sax.js), so a character whose UTF-8 bytes straddle two chunks comes out as
// U+FFFD (exceljs#2063, #2084, #2316; the fix, PR #1665, has been open since 2021 and 4.4.0 still
// has the bug). In a Chinese export that is about one text in a few thousand: a community name
// that then matches no place, an address garbled in the stored row. This puts the same parser,
// with a StringDecoder that holds an unfinished character's bytes for the next chunk, into the
// require cache before exceljs loads its own; row-sources.ts imports it ahead of exceljs.
import { Module, createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);
const fromExceljs = createRequire(require.resolve('exceljs'));
const path = fromExceljs.resolve('./lib/utils/parse-sax.js');

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}
interface Saxes {
  on(event: string, fn: (v: unknown) => void): void;
  write(text: string): void;
}
const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => Saxes };

/** exceljs's parse-sax, but decoding across chunk boundaries. */
async function* parseSax(input: AsyncIterable<Buffer> & { pipe?: unknown }) {
  let iterable: AsyncIterable<Buffer> = input;
  if (typeof input.pipe === 'function' && !(Symbol.asyncIterator in input))
    iterable = (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown;
  parser.on('error', (err) => (error = err));
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error as Error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error as Error;
    yield events;
  }
}

/** Marks this parser, so evaluating this module again (tests that share a worker's modules may)
 * finds the fix in place rather than exceljs's own parser. */
const MARK = 'decodesAcrossChunks';
const cached = require.cache[path];
if (cached && (cached.exports as Record<string, unknown>)[MARK] !== true)
  throw new Error(
    'exceljs was loaded before server/import/exceljs-utf8.ts: import row-sources.ts (or this file) first, or split characters come out as U+FFFD',
  );
if (!cached) {
  const m = new Module(path);
  m.filename = path;
  m.loaded = true;
  m.exports = Object.assign(parseSax, { [MARK]: true });
  require.cache[path] = m;
}
