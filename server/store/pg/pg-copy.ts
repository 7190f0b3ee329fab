// COPY … FROM STDIN on one transaction's client (pg-copy-streams): the bulk path's way to send
// thousands of rows in one round trip instead of one statement per row.
import type pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';

/** Sends `rows` (each a list of column values) to `COPY <target> FROM STDIN`. */
export type CopyIn = (target: string, rows: Iterable<CopyRow>) => Promise<void>;

/** One row's column values, in the target's column order. */
export type CopyRow = Array<string | number | null>;

/** One value in COPY's text format: \N for null, the format's four escapes for the rest. */
function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** The rows as text lines, sent in chunks of about 64 KB (one stream write each). */
function* chunks(rows: Iterable<CopyRow>): Generator<string> {
  let buf = '';
  for (const r of rows) {
    buf += r.map(field).join('\t') + '\n';
    if (buf.length >= 65_536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * A CopyIn on `client`. `failed` runs when the stream fails: the client's protocol state is then
 * not to be trusted, so its owner drops it instead of returning it to the pool (STACK-NOTES).
 */
export function copyOn(client: pg.PoolClient, failed: () => void): CopyIn {
  return async (target, rows) => {
    try {
      await pipeline(
        Readable.from(chunks(rows)),
        client.query(copyFrom(`COPY ${target} FROM STDIN`)),
      );
    } catch (err) {
      failed();
      throw err;
    }
  };
}
