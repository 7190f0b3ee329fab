// Soak test of the unattended exhibition wall: does the page grow in memory? The real server
// (harness, temp DB) runs its simulator at SIMULATOR_SPEED=3600 (one simulated hour per real
// second) while Debian chromium shows ?mode=exhibition on a fast tour (scope changes, fly-tos,
// re-subscribes, callouts every few seconds). The JS heap is read through CDP after a forced GC
// at the start (after a warm-up) and at the end, with samples in between; DOM nodes and event
// listeners too, since a leak often shows there first. The warm-up covers one whole tour loop
// (every scope visited once), so caches filled on first visit are not counted as growth.
//
//   npm run bench:soak                 # 3 real minutes ≈ 180 simulated hours
//   SOAK_MINUTES=10 npm run bench:soak
//
// Writes bench/results/soak.json and prints a summary. Exit code 1 when the heap grew by more
// than SOAK_MAX_MB (default 20 MB) between the two forced-GC readings.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { openBrowser, startServer } from '../tests/e2e/harness';
import { scenesDir } from '../tests/e2e/modes-fixtures';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const WARMUP_S = Number(process.env.SOAK_WARMUP_SECONDS ?? 90);
const SAMPLE_S = 15;
const SPEED = 3600;
const MAX_MB = Number(process.env.SOAK_MAX_MB ?? 20);
const MB = 1024 * 1024;

interface Reading {
  t: number;
  usedMB: number;
  totalMB: number;
  nodes: number;
  listeners: number;
}

async function read(cdp: CDPSession, t0: number, gc: boolean): Promise<Reading> {
  if (gc) {
    // Twice: the first pass can leave objects that only die once finalizers ran.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const heap = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
  return {
    t: Math.round((Date.now() - t0) / 1000),
    usedMB: +(heap.usedSize / MB).toFixed(2),
    totalMB: +(heap.totalSize / MB).toFixed(2),
    nodes: m('Nodes'),
    listeners: m('JSEventListeners'),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A fast tour over every kind of scene: district, each street, a community callout, live events.
const dir = scenesDir({
  tour: {
    version: 1,
    scenes: [
      { id: 'overview', title: '全区', durationSeconds: 6 },
      { each: 'street', durationSeconds: 4 },
      {
        id: 'model',
        each: 'community',
        only: ['510106035007', '510106040018'],
        durationSeconds: 5,
        metric: 'satisfactionRate',
        annotations: [
          { regionId: '510106035007', text: '示范', figure: 'satisfactionRate' },
          { regionId: '510106040018', text: '示范', figure: 'closureRate' },
        ],
      },
      {
        id: 'live',
        title: '实时',
        metric: 'open',
        layers: ['regions', 'events', 'heatmap', 'arcs'],
      },
    ],
  },
});

const server = await startServer({ simulatorSpeed: SPEED, env: { SCENES_DIR: dir } });
const b = await openBrowser(server.url);
let exit = 0;
try {
  const cdp = await b.page.context().newCDPSession(b.page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await b.page.goto(`${server.url}/?mode=exhibition`, { waitUntil: 'load' });
  console.log(`soak: warming up ${WARMUP_S} s, then ${MINUTES} min at SIMULATOR_SPEED=${SPEED}`);
  await sleep(WARMUP_S * 1000);
  const start = await read(cdp, t0, true);
  const samples: Reading[] = [start];
  const end0 = Date.now() + MINUTES * 60_000;
  while (Date.now() < end0) {
    await sleep(Math.min(SAMPLE_S * 1000, Math.max(0, end0 - Date.now())));
    samples.push(await read(cdp, t0, false));
  }
  const end = await read(cdp, t0, true);
  samples.push(end);
  const realHours = (end.t - start.t) / 3600;
  const growthMB = +(end.usedMB - start.usedMB).toFixed(2);
  const result = {
    at: new Date().toISOString(),
    simulatorSpeed: SPEED,
    realMinutes: +((end.t - start.t) / 60).toFixed(2),
    simulatedHours: Math.round((end.t - start.t) * (SPEED / 3600)),
    heapAfterGcMB: { start: start.usedMB, end: end.usedMB },
    growthMB,
    growthPctPerHour: +(((growthMB / start.usedMB) * 100) / realHours).toFixed(1),
    growthMBPerHour: +(growthMB / realHours).toFixed(2),
    domNodes: { start: start.nodes, end: end.nodes },
    eventListeners: { start: start.listeners, end: end.listeners },
    peakUsedMB: Math.max(...samples.map((s) => s.usedMB)),
    consoleProblems: b.consoleProblems.length,
    samples,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(join('bench/results', 'soak.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(
    [
      `soak: ${result.realMinutes} real min ≈ ${result.simulatedHours} simulated h`,
      `heap after GC ${start.usedMB} → ${end.usedMB} MB (${growthMB >= 0 ? '+' : ''}${growthMB} MB, ` +
        `${result.growthPctPerHour} %/h of real time), peak ${result.peakUsedMB} MB`,
      `DOM nodes ${start.nodes} → ${end.nodes}, listeners ${start.listeners} → ${end.listeners}`,
      `console problems: ${b.consoleProblems.length}`,
      'written to bench/results/soak.json',
    ].join('\n'),
  );
  if (growthMB > MAX_MB) {
    console.error(`soak: heap grew ${growthMB} MB > ${MAX_MB} MB`);
    exit = 1;
  }
} finally {
  await b.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exit);
