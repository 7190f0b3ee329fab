// bench:scale's writers process: `callers` concurrent callers, each sending one POST /api/problems
// after the other (as many field apps would), flat out or at a total `rate` per second, caller c
// to node c mod the number of nodes. The send
// time rides in the problem id, so the screens process can tell how long each event took to
// reach a wall without sharing anything else with this process.
import { weightedPicker } from '../server/random/weighted';
import { mulberry32 } from '../server/random/prng';
import { CATEGORY_MIX, SOURCE_MIX } from '../server/simulator/profile';
import type { GeoBundle } from '../shared/protocol';
import { parentChannel, quantile, writeId, type Message } from './scale-ipc';
import { keepAlivePoster } from './http-post';

export interface WriteParams {
  callers: number;
  seconds: number;
  /** Writes per second over all callers; absent: as fast as the server answers. */
  rate?: number;
  /** Starts every id, so the screens count only this phase's events. */
  prefix: string;
}

interface WriteRequest extends Message, WriteParams {
  type: 'write';
  /** The nodes' base URLs; the callers are spread over them. */
  urls: string[];
  token: string;
}

export interface WriteFigures extends Message {
  type: 'written';
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  seconds: number;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Acknowledged new problems per grid: what each screen should have seen. */
  ackedByGrid: Record<string, number>;
}

const pickCategory = weightedPicker(CATEGORY_MIX);
const pickSource = weightedPicker(SOURCE_MIX);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write(req: WriteRequest): Promise<WriteFigures> {
  const geo = (await (await fetch(`${req.urls[0]}/api/geo`)).json()) as GeoBundle;
  const grids = geo.regions.features.filter((f) => f.properties.level === 'grid');
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const ackedByGrid: Record<string, number> = {};
  const t0 = performance.now();
  const end = t0 + req.seconds * 1000;
  const interval = req.rate ? (req.callers / req.rate) * 1000 : 0;
  const posters = req.urls.map((u) =>
    keepAlivePoster(u, req.token, Math.ceil(req.callers / req.urls.length)),
  );
  const caller = async (c: number) => {
    const rng = mulberry32(c + 1);
    const poster = posters[c % posters.length]!;
    for (let n = 0; performance.now() < end; n++) {
      // Paced callers start spread over one interval, then keep their own schedule.
      if (interval > 0) await sleep(t0 + (n + c / req.callers) * interval - performance.now());
      if (performance.now() >= end) break;
      const gridId = grids[Math.floor(rng() * grids.length)]!.properties.id;
      const sent = performance.now();
      let status: number;
      try {
        status = await poster.post(
          '/api/problems',
          JSON.stringify({
            id: writeId(req.prefix, c, n),
            category: pickCategory(rng()),
            source: pickSource(rng()),
            gridId,
          }),
        );
      } catch {
        status = 0; // connection refused or reset
      }
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 201) ackedByGrid[gridId] = (ackedByGrid[gridId] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: req.callers }, (_, c) => caller(c)));
  for (const p of posters) p.close();
  const seconds = (performance.now() - t0) / 1000;
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((a, [, k]) => a + k, 0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    type: 'written',
    ok,
    failed: latencies.length - ok,
    statuses,
    seconds: r1(seconds),
    writesPerSecond: Math.round(ok / seconds),
    p50Ms: r1(quantile(latencies, 0.5)),
    p99Ms: r1(quantile(latencies, 0.99)),
    maxMs: r1(latencies.reduce((a, b) => Math.max(a, b), 0)),
    ackedByGrid,
  };
}

const parent = parentChannel();
parent.on(async (m) => {
  if (m.type === 'write') parent.reply(await write(m as WriteRequest));
});
