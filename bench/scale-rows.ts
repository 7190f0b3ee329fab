// bench:scale's table rows from one run's figures: the goals of issues #14 and #15 in one place,
// and which raw limit bounds each write figure (PostgreSQL's own when the store is PostgreSQL).
import type { DiskLimits } from './scale-disk';
import { quantile } from './scale-ipc';
import type { PgLimits } from './scale-pg-limits';
import type { Probed } from './scale-probe';
import { fanOutP99GoalMs, type ScaleSettings } from './scale-settings';
import type { Row } from './scale-table';

interface Writes {
  writesPerSecond: number;
  p99Ms: number;
}
interface Latency {
  p50Ms: number;
  p99Ms: number;
  missed: number;
  cpuShare: number;
}

export interface RunFigures {
  /** afterListenMs: the longest /api/health answer in the 3 s after the first. */
  restart: { restartMs: number; rssMB: number; afterListenMs: number };
  recount: Probed<unknown>;
  snapshot: Probed<unknown>;
  /** A CSV export imported into the loaded database: upload, dry run and run. */
  imported: Probed<unknown> & { rows: number };
  load: { recordsPerSecond: number };
  single: Writes;
  /** Single writes with the callers spread over every node (several nodes only). */
  spread: Writes | null;
  probe: Latency;
  /** The probe walls at a rate below the hub's 4 deltas/s: every event a leading edge. */
  lone: Latency;
  latency: Latency;
  /** Seconds after the server answered that each wall held its fresh snapshot. */
  resyncAfter: number[];
  resyncMissing: number;
  disk: DiskLimits;
  pg: PgLimits | null;
}

type Settings = Pick<
  ScaleSettings,
  'nodes' | 'writers' | 'probeScreens' | 'screens' | 'eventRate' | 'loneRate'
>;

export function scaleRows(s: Settings, f: RunFigures): Row[] {
  const { disk, pg } = f;
  const singleRaw = pg
    ? { name: 'pgSingleTxPerSecond', value: pg.pgSingleTxPerSecond }
    : { name: 'singleTxPerSecond', value: disk.singleTxPerSecond };
  // A SQLite batch is one transaction; PostgreSQL's goes through COPY into staging tables.
  const batchRaw = pg
    ? { name: 'pgCopyRowsPerSecond', value: pg.pgCopyRowsPerSecond }
    : { name: 'rowsPerSecondInOneTx', value: disk.rowsPerSecondInOneTx };
  const across = s.nodes > 1 ? `, node 1 → walls on node ${s.nodes}` : '';
  const loopMax = (p: Probed<unknown>) => p.loopMaxMs ?? p.healthMaxMs;
  /**
   * The probe walls' p50 and p99, against the event → wall goals when `goals`. The goals are
   * read at the lone rate, as the first wave's write → screen benchmark timed one write at a
   * time; the issue's own rule (≤ 4 deltas/s a scope) makes a wall in a burst wait 0–250 ms for
   * the next delta, 125 ms at the median, before any work: the burst's figures are printed, not
   * judged.
   */
  const wallRows = (figure: string, l: Latency, goals: boolean): Row[] => [
    { figure, value: l.p50Ms, unit: 'ms', ...(goals && { goal: { op: '≤', limit: 100 } }) },
    {
      figure: '  probe p99',
      value: l.p99Ms,
      unit: 'ms',
      ...(goals && { goal: { op: '≤', limit: fanOutP99GoalMs(s.nodes) } }),
    },
  ];
  const rows: Row[] = [
    {
      figure: `restart until the server answers${s.nodes > 1 ? ' (node 1)' : ''}`,
      value: f.restart.restartMs / 1000,
      unit: 's',
      goal: { op: '≤', limit: 3 },
    },
    {
      figure: '  longest /api/health answer, 3 s after it',
      value: f.restart.afterListenMs,
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: 'RSS after restart',
      value: f.restart.rssMB,
      unit: 'MB',
      goal: { op: '≤', limit: 400 },
    },
    {
      figure: 'full recount (POST /api/admin/recount)',
      value: f.recount.ms / 1000,
      unit: 's',
      goal: { op: '≤', limit: 5 },
    },
    {
      figure: '  event loop max during recount',
      value: loopMax(f.recount),
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: 'snapshot?at= a new moment',
      value: f.snapshot.ms,
      unit: 'ms',
      goal: { op: '≤', limit: 200 },
    },
    {
      figure: '  event loop max during it',
      value: loopMax(f.snapshot),
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: `import of ${f.imported.rows.toLocaleString('en-US')} CSV rows (upload, dry run, run)`,
      value: f.imported.ms / 1000,
      unit: 's',
    },
    {
      figure: '  event loop max during it',
      value: loopMax(f.imported),
      unit: 'ms',
      goal: { op: '≤', limit: 50 },
    },
    {
      figure: `single writes, ${s.writers} callers${s.nodes > 1 ? ' on node 1' : ''}`,
      value: f.single.writesPerSecond,
      unit: '/s',
      goal: { op: '≥', limit: 5000 },
      raw: singleRaw,
    },
    { figure: '  write p99', value: f.single.p99Ms, unit: 'ms', goal: { op: '≤', limit: 50 } },
    ...(f.spread
      ? [
          {
            figure: `single writes, ${s.writers} callers over ${s.nodes} nodes`,
            value: f.spread.writesPerSecond,
            unit: '/s',
            goal: { op: '≥', limit: 5000 },
            raw: singleRaw,
          } satisfies Row,
          { figure: '  write p99', value: f.spread.p99Ms, unit: 'ms' } satisfies Row,
        ]
      : []),
    {
      figure: '/api/batch over HTTP',
      value: f.load.recordsPerSecond,
      unit: 'records/s',
      goal: { op: '≥', limit: 50_000 },
      raw: batchRaw,
    },
    ...wallRows(
      `event → screen p50, ${s.loneRate} writes/s, each a lone event (${s.probeScreens} probe walls, own process${across})`,
      f.lone,
      true,
    ),
    ...wallRows(
      `event → screen p50, ${s.eventRate} writes/s: a burst, ≤ 4 deltas/s (waits 0–250 ms by rule)`,
      f.probe,
      false,
    ),
    {
      figure: `  p50 on the ${s.screens} walls (their process ${Math.round(f.latency.cpuShare * 100)} % busy)`,
      value: f.latency.p50Ms,
      unit: 'ms',
    },
    { figure: `  p99 on the ${s.screens} walls`, value: f.latency.p99Ms, unit: 'ms' },
    {
      figure: '  missed events (all walls)',
      value: f.latency.missed + f.probe.missed + f.lone.missed,
      unit: '',
      goal: { op: '=', limit: 0 },
    },
    {
      figure: `all screens resynced after ${s.nodes > 1 ? `node ${s.nodes}` : 'the server'} answers`,
      value: f.resyncMissing > 0 ? null : Math.max(...f.resyncAfter),
      unit: 's',
      goal: { op: '≤', limit: 10 },
    },
    { figure: '  resync p50', value: quantile(f.resyncAfter, 0.5), unit: 's' },
    { figure: '  resync p99', value: quantile(f.resyncAfter, 0.99), unit: 's' },
    { figure: "raw: single fsync'd transactions", value: disk.singleTxPerSecond, unit: '/s' },
    {
      figure: 'raw: rows in 100-row transactions',
      value: disk.rowsPerSecondIn100RowTx,
      unit: '/s',
    },
    { figure: 'raw: rows in one transaction', value: disk.rowsPerSecondInOneTx, unit: '/s' },
  ];
  if (pg)
    rows.push(
      {
        figure: `raw: PostgreSQL single-row INSERT commits (synchronous_commit ${pg.synchronousCommit})`,
        value: pg.pgSingleTxPerSecond,
        unit: '/s',
      },
      {
        figure: 'raw: PostgreSQL rows in 100-row transactions',
        value: pg.pgRowsPerSecondIn100RowTx,
        unit: '/s',
      },
      { figure: 'raw: PostgreSQL COPY rows', value: pg.pgCopyRowsPerSecond, unit: '/s' },
    );
  return rows;
}
