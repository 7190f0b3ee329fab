// bench:recount's database: the demo dataset's history and activity, then N past problems (a
// year of the district profile's mixes, by the demo history's own generator) written straight to
// the store in bulk, as a restored city's file would hold them. Built once per size and kept.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pastProblems } from '../scripts/data/history';
import { readDataset } from '../server/dataset/load';
import type { Dataset } from '../server/dataset/types';
import { buildRegionIndex } from '../server/aggregate/region-index';
import { rollupRegions } from '../server/aggregate/startup';
import { historyRecord, importHistory } from '../server/ingest/history-import';
import { bulkWriter } from '../server/ingest/bulk-writer';
import { backfillActivity } from '../server/simulator/activity-backfill';
import { openSqliteStore, openSqliteSync } from '../server/store/sqlite-store';
import type { ProblemRecord, Store } from '../server/store/records';
import type { HistoricalProblem } from '../server/dataset/types';
import type { Shape } from '../scripts/data/tessellate';
import { DAY_MS, localIso } from '../shared/local-time';

/** dayTimes() draws a day's count around perDay (≈0.984 of it on average), as bench:scale does. */
const MEAN_DAY_FACTOR = (5 * 1.05 + 2 * 0.82) / 7;
/** Problems per transaction: the WAL stays small, a commit is a fraction of a second. */
const PER_TX = 50_000;

export async function datasetOf(dir: string): Promise<Dataset> {
  const { dataset, problems } = await readDataset(dir);
  if (problems.length > 0) throw new Error(`invalid dataset ${dir}`);
  return dataset;
}

/** A generated problem as the store holds it, its id apart from the demo history's. */
const record = (h: HistoricalProblem): ProblemRecord => ({ ...historyRecord(h), id: `S${h.id}` });

/** What the file holds: the rows the check counts. */
export interface RecountRows {
  problems: number;
  activity: number;
}

/** The demo history and activity, then n past problems, written into `store` in bulk. */
export async function fillStore(
  store: Store,
  ds: Dataset,
  n: number,
  now: number,
): Promise<RecountRows> {
  const index = buildRegionIndex(ds);
  const rows = {
    problems: await importHistory(store, ds, now),
    activity: await backfillActivity(store, ds, index, now),
  };
  const grids = ds.regions.features
    .filter((f) => f.properties.level === 'grid')
    .map((f) => ({ id: f.properties.id, households: 1, shape: f as unknown as Shape }));
  const problems = pastProblems({
    endsOn: localIso(now - DAY_MS).slice(0, 10),
    days: 365,
    perDay: n / 365 / MEAN_DAY_FACTOR,
    grids,
    seed: 14,
  });
  let done = false;
  while (!done)
    await store.transaction(async (tx) => {
      const out = bulkWriter(tx);
      for (let i = 0; i < PER_TX; i++) {
        const it = problems.next();
        if (it.done) {
          done = true;
          break;
        }
        await out.problem(record(it.value), []);
      }
      rows.problems += (await out.flush()).problems;
    });
  return rows;
}

/** The file at `file` with n extra problems, built unless it exists already. */
export async function recountDb(
  file: string,
  ds: Dataset,
  n: number,
  now: number,
): Promise<RecountRows> {
  const built = `${file}.built`;
  if (existsSync(built)) return JSON.parse(readFileSync(built, 'utf8')) as RecountRows;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const store = openSqliteStore(file, rollupRegions(buildRegionIndex(ds)));
  const rows = await fillStore(store, ds, n, now);
  await store.close();
  // The last connection to close folds the log into the file, as a running server's checkpoints
  // keep it: the check then reads the file, not pages still in the log.
  openSqliteSync(file).close();
  writeFileSync(built, JSON.stringify(rows) + '\n');
  return rows;
}
