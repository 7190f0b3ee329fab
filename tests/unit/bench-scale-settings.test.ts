// bench:scale's run settings and the table they shape: a typo or an impossible combination stops
// the run before an hour of loading, the results of each store and node count land in their own
// file, and a PostgreSQL run's write figures are shares of PostgreSQL's own raw limits.
import { describe, expect, it } from 'vitest';
import { scaleRows, type RunFigures } from '../../bench/scale-rows';
import { describeRun, resultsName, scaleSettings } from '../../bench/scale-settings';

describe('bench:scale settings', () => {
  it('default to the SQLite run on one node with issue #14 sizes', () => {
    const s = scaleSettings({});
    expect(s).toMatchObject({ store: 'sqlite', nodes: 1, problems: 1_000_000, screens: 2000 });
    expect(resultsName(s)).toBe('scale');
  });

  it('read SCALE_STORE, SCALE_NODES and the sizes', () => {
    const s = scaleSettings({ SCALE_STORE: 'pg', SCALE_NODES: '2', SCALE_N: '20000' });
    expect(s).toMatchObject({ store: 'pg', nodes: 2, problems: 20_000 });
    expect(resultsName(s)).toBe('scale-pg-2nodes');
    expect(resultsName({ store: 'pg', nodes: 1 })).toBe('scale-pg');
    expect(describeRun(s)).toContain('walls on node 2');
  });

  it('refuse what the run could not do', () => {
    expect(() => scaleSettings({ SCALE_STORE: 'mysql' })).toThrow(/SCALE_STORE/);
    // A SQLite file belongs to one process: two nodes cannot share it.
    expect(() => scaleSettings({ SCALE_NODES: '2' })).toThrow(/SCALE_STORE=pg/);
    expect(() => scaleSettings({ SCALE_STORE: 'pg', SCALE_NODES: '1.5' })).toThrow(/NODES/);
    expect(() => scaleSettings({ SCALE_N: '20k' })).toThrow(/SCALE_N/);
    expect(() => scaleSettings({ SCALE_SCREENS: '0' })).toThrow(/SCALE_SCREENS/);
  });
});

const probed = { value: null, ms: 1000, loopMaxMs: 20, healthMaxMs: 30 };
const writes = { writesPerSecond: 1000, p99Ms: 40 };
const latency = { p50Ms: 50, p99Ms: 400, missed: 0, cpuShare: 0.5 };
const figures: RunFigures = {
  restart: { restartMs: 2000, rssMB: 300, afterListenMs: 20 },
  recount: probed,
  snapshot: probed,
  imported: { ...probed, loopMaxMs: 60, rows: 100_000 },
  load: { recordsPerSecond: 10_000 },
  single: writes,
  spread: null,
  probe: latency,
  lone: { ...latency, p50Ms: 30, missed: 1 },
  latency,
  resyncAfter: [1, 2, 3],
  resyncMissing: 0,
  disk: { singleTxPerSecond: 4000, rowsPerSecondIn100RowTx: 1e5, rowsPerSecondInOneTx: 2e5 },
  pg: null,
};
const settings = {
  nodes: 1,
  writers: 64,
  probeScreens: 20,
  screens: 200,
  eventRate: 10,
  loneRate: 2,
};
const row = (rows: ReturnType<typeof scaleRows>, start: string) =>
  rows.find((r) => r.figure.startsWith(start))!;

describe('bench:scale rows', () => {
  it('bound SQLite writes by the disk, PostgreSQL ones by PostgreSQL and its COPY', () => {
    const sqlite = scaleRows(settings, figures);
    expect(row(sqlite, 'single writes').raw).toEqual({ name: 'singleTxPerSecond', value: 4000 });
    expect(row(sqlite, '/api/batch').raw).toEqual({ name: 'rowsPerSecondInOneTx', value: 2e5 });
    expect(sqlite.some((r) => r.figure.includes('PostgreSQL'))).toBe(false);

    const pg = {
      pgSingleTxPerSecond: 250,
      pgRowsPerSecondIn100RowTx: 6e3,
      pgCopyRowsPerSecond: 5e4,
    };
    const onPg = scaleRows(settings, { ...figures, pg: { ...pg, synchronousCommit: 'on' } });
    expect(row(onPg, 'single writes').raw).toEqual({ name: 'pgSingleTxPerSecond', value: 250 });
    expect(row(onPg, '/api/batch').raw).toEqual({ name: 'pgCopyRowsPerSecond', value: 5e4 });
    expect(row(onPg, 'raw: PostgreSQL COPY').value).toBe(5e4);
  });

  it('hold event → wall p99 to 300 ms on one node and 500 ms across nodes', () => {
    expect(row(scaleRows(settings, figures), '  probe p99').goal?.limit).toBe(300);
    const two = scaleRows({ ...settings, nodes: 2 }, { ...figures, spread: writes });
    expect(row(two, '  probe p99').goal?.limit).toBe(500);
    expect(row(two, 'event → screen p50').figure).toContain('node 1 → walls on node 2');
    expect(row(two, 'single writes, 64 callers over 2 nodes').value).toBe(1000);
  });

  it('report the coalesced rate and the lone events apart, and count every miss', () => {
    const rows = scaleRows(settings, figures);
    expect(row(rows, 'event → screen p50, 10 writes/s').value).toBe(50);
    expect(row(rows, 'event → screen p50, 2 writes/s').value).toBe(30);
    expect(row(rows, 'event → screen p50, 2 writes/s').goal?.limit).toBe(100);
    // The burst waits for its delta by rule (≤ 4 deltas/s): printed, not judged.
    const burst = rows.findIndex((r) => r.figure.startsWith('event → screen p50, 10 writes/s'));
    expect(rows[burst]!.goal).toBeUndefined();
    expect(rows[burst + 1]).toMatchObject({ figure: '  probe p99', value: 400 });
    expect(rows[burst + 1]!.goal).toBeUndefined();
    expect(row(rows, '  missed events').value).toBe(1);
  });

  it('hold an import of the loaded database, and start-up after listen, to the 50 ms loop rule', () => {
    const rows = scaleRows(settings, figures);
    const at = rows.findIndex((r) => r.figure.startsWith('import of 100,000 CSV rows'));
    expect(rows[at]!.value).toBe(1);
    expect(rows[at + 1]).toMatchObject({ value: 60, goal: { op: '≤', limit: 50 } });
    // And start-up, once it listens.
    expect(row(rows, '  longest /api/health answer')).toMatchObject({
      value: 20,
      goal: { limit: 50 },
    });
  });
});
