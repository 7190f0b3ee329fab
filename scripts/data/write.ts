// Deterministic file writers: fixed key order (objects are built in order), one feature per line
// (small diffs, still valid JSON), CSV by csv-stringify (quoted only where a value needs it).
import { stringify } from 'csv-stringify/sync';
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
  writeFileSync(join(dir, file), stringify([columns, ...rows]));
}
