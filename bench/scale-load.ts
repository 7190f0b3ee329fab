// bench:scale's loader process: SCALE_N past problems (a year of the district profile's mixes,
// ending yesterday, made by the demo history's own generator) with their whole lives, sent
// through POST /api/batch over HTTP with several batches in flight. Records are made while earlier
// batches are on the wire, so memory stays flat however large N is.
import { mulberry32 } from '../server/random/prng';
import { pastProblems } from '../scripts/data/history';
import { DAY_MS, localIso } from '../shared/local-time';
import type { BatchRecord, BatchResult, GeoBundle } from '../shared/protocol';
import { parentChannel, type Message } from './scale-ipc';
import type { LoadRequest } from './scale-load-request';
import { escalationTime, gridsOf, lifeRecords } from './scale-records';

export interface LoadFigures extends Message {
  type: 'loaded';
  problems: number;
  records: number;
  rejected: number;
  seconds: number;
  recordsPerSecond: number;
  /** Time the loader spent making records (its own CPU, not the server's). */
  generateSeconds: number;
  firstRejections: string[];
}

const DAYS = 365;
/** dayTimes() draws a day's count around perDay: weekends fewer, ±15 % at random (≈0.984 on average). */
const MEAN_DAY_FACTOR = (5 * 1.05 + 2 * 0.82) / 7;

async function load(
  url: string,
  token: string,
  n: number,
  batchSize: number,
  inFlight: number,
): Promise<LoadFigures> {
  const geo = (await (await fetch(`${url}/api/geo`)).json()) as GeoBundle;
  const yesterday = localIso(Date.now() - DAY_MS).slice(0, 10);
  const problems = pastProblems({
    endsOn: yesterday,
    days: DAYS,
    perDay: n / DAYS / MEAN_DAY_FACTOR,
    grids: gridsOf(geo),
    seed: 14,
  });
  const rng = mulberry32(1414);
  let done = false;
  let generateMs = 0;
  let problemCount = 0;
  /** The next batch: whole problem lives up to batchSize records. */
  const nextBatch = (): BatchRecord[] | null => {
    const t0 = performance.now();
    const out: BatchRecord[] = [];
    while (!done && out.length < batchSize - 8) {
      const it = problems.next();
      if (it.done) {
        done = true;
        break;
      }
      // Ids of their own: the demo history's H… ids are already in the database.
      const p = { ...it.value, id: `S${it.value.id}` };
      out.push(...lifeRecords(p, rng(), escalationTime(p)));
      problemCount += 1;
    }
    generateMs += performance.now() - t0;
    return out.length > 0 ? out : null;
  };

  let records = 0;
  let rejected = 0;
  const firstRejections: string[] = [];
  const t0 = performance.now();
  const worker = async () => {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      const r = await fetch(`${url}/api/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: batch }),
      });
      if (!r.ok) throw new Error(`/api/batch answered ${r.status}: ${await r.text()}`);
      const res = (await r.json()) as BatchResult;
      records += batch.length;
      rejected += res.rejected;
      for (const x of res.results)
        if (!x.ok && firstRejections.length < 5)
          firstRejections.push(`${JSON.stringify(batch[x.index])} → ${x.error}: ${x.message}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    type: 'loaded',
    problems: problemCount,
    records,
    rejected,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(records / seconds),
    generateSeconds: Math.round(generateMs / 100) / 10,
    firstRejections,
  };
}

const parent = parentChannel();
parent.on(async (m) => {
  if (m.type !== 'load') return;
  const { url, token, n, batchSize, inFlight } = m as LoadRequest;
  parent.reply(await load(url, token, n, batchSize, inFlight));
});
