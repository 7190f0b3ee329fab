// Start-up checks the dataset only when its files changed since the last check that passed: the
// full check (tiling of every grid, every history row) costs seconds on a big district, and a
// restart should answer within a few. The record is a file beside the database, keyed by a hash
// of every file of the dataset and of the checker's rules version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when a rule of the checker changes: every dataset is then checked again once. */
const CHECK_RULES_VERSION = 1;

export function datasetHash(dir: string): string {
  const h = createHash('sha256').update(`rules ${CHECK_RULES_VERSION}\n`);
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    h.update(`\n${name}\n`);
    try {
      h.update(readFileSync(join(dir, name)));
    } catch {
      // a folder inside the dataset: not a dataset file
    }
  }
  return h.digest('hex');
}

/** Whether the files hashing to `hash` passed the check before (recorded in `record`). */
export function checkedBefore(record: string | null, hash: string): boolean {
  if (!record) return false;
  try {
    return readFileSync(record, 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

export function recordChecked(record: string | null, hash: string): void {
  if (!record) return;
  try {
    writeFileSync(record, hash + '\n');
  } catch {
    // not writable: the next start checks again, which is only slower
  }
}
