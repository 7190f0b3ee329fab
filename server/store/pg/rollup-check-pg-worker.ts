// The roll-up check on PostgreSQL, in a worker thread (rollup-check.ts starts it): counts every
// stored row from scratch and compares the result with the stored roll-ups, on a connection of its
// own in one REPEATABLE READ transaction (the rows and the roll-ups of one moment). Counting a
// city's rows is seconds of work and a heap of its own: on the main thread it held the walls'
// event loop for up to 578 ms at 1M problems, between pages and in its garbage collection.
import { parentPort, workerData } from 'node:worker_threads';
import { compareCounts, countRowsOf, storedRollupsOf } from '../rollup-rebuild';
import { openClient } from './conn';
import { pgActivity } from './pg-activity';
import { eachProblemFacts } from './pg-problems';
import { pgRollups } from './pg-rollups';

const { databaseUrl, lineages } = workerData as {
  databaseUrl: string;
  lineages: Array<[string, string[]]>;
};
const tree = new Map(lineages);
const regions = { lineage: (id: string) => tree.get(id) ?? [], fingerprint: '' };
// Reads only: nothing is written, so no roll-up hook runs.
const none = () => undefined;

try {
  const client = await openClient(databaseUrl);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const activity = pgActivity(client, none);
    const rollups = pgRollups(client);
    // Of a problem only the columns the count reads.
    const eachProblem = eachProblemFacts(client);
    const counted = await countRowsOf({ ...activity, eachProblem }, regions);
    const stored = await storedRollupsOf({
      eachRollup: (from, to, fn) => rollups.eachBetween(from, to, fn),
    });
    await client.query('COMMIT');
    parentPort!.postMessage({ ok: true, ...compareCounts(counted, stored) });
  } finally {
    await client.end();
  }
} catch (err) {
  parentPort!.postMessage({ ok: false, message: String(err) });
}
