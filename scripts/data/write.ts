// Deterministic file writers: fixed key order (objects are built in order), one feature per line
// (small diffs, still valid JSON), CSV without quoting because no value holds a comma or quote.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeCollection(dir: string, file: string, features: unknown[]): void {
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(join(dir, file), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
}

export function writeJson(dir: string, file: string, value: unknown): void {
  writeFileSync(join(dir, file), JSON.stringify(value, null, 2) + '\n');
}

export function writeCsv(
  dir: string,
  file: string,
  columns: readonly string[],
  rows: Array<Array<string | number | null>>,
): void {
  const lines = rows.map((r) =>
    r
      .map((v) => {
        const s = v === null ? '' : String(v);
        if (/[",\n]/.test(s)) throw new Error(`${file}: value needs quoting: ${s}`);
        return s;
      })
      .join(','),
  );
  writeFileSync(join(dir, file), [columns.join(','), ...lines].join('\n') + '\n');
}
