// bench:scale's settings from the environment, checked before anything starts: a typo in a
// variable would otherwise run the hour-long default, or a cluster on a store it cannot share.
export type ScaleStore = 'sqlite' | 'pg';

export interface ScaleSettings {
  /** SCALE_STORE: `sqlite` (a file in a temp directory) or `pg` (a fresh PostgreSQL database). */
  store: ScaleStore;
  /** SCALE_NODES: server processes on one database, joined through Redis (PostgreSQL only). */
  nodes: number;
  problems: number;
  screens: number;
  /**
   * A few more walls in a process of their own, for the latency a wall sees: the SCALE_SCREENS
   * walls share one process whose own decoding queues their deliveries.
   */
  probeScreens: number;
  writeSeconds: number;
  writers: number;
  /** Writes per second while the walls' latency is measured: far above a city's busiest hour. */
  eventRate: number;
  /** A rate below the hub's ≤ 4 deltas/s, where every event goes out as a leading edge. */
  loneRate: number;
  batchRecords: number;
  batchesInFlight: number;
  /** SCALE_IMPORT_ROWS: rows of the CSV export imported into the loaded database. */
  importRows: number;
}

type Env = Record<string, string | undefined>;

function count(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number: ${raw}`);
  return n;
}

export function scaleSettings(env: Env): ScaleSettings {
  const store = env.SCALE_STORE || 'sqlite';
  if (store !== 'sqlite' && store !== 'pg')
    throw new Error(`SCALE_STORE must be sqlite or pg: ${store}`);
  const nodes = count(env, 'SCALE_NODES', 1);
  if (!Number.isInteger(nodes) || nodes > 8)
    throw new Error(`SCALE_NODES must be a whole number from 1 to 8: ${nodes}`);
  // Nodes share their data through the database; a SQLite file belongs to one process.
  if (nodes > 1 && store !== 'pg') throw new Error('SCALE_NODES > 1 needs SCALE_STORE=pg');
  return {
    store,
    nodes,
    problems: count(env, 'SCALE_N', 1_000_000),
    screens: count(env, 'SCALE_SCREENS', 2000),
    probeScreens: count(env, 'SCALE_PROBE_SCREENS', 20),
    writeSeconds: count(env, 'SCALE_WRITE_SECONDS', 30),
    writers: count(env, 'SCALE_WRITERS', 64),
    eventRate: count(env, 'SCALE_EVENT_RATE', 10),
    loneRate: count(env, 'SCALE_LONE_RATE', 2),
    batchRecords: count(env, 'SCALE_BATCH', 5000),
    batchesInFlight: count(env, 'SCALE_BATCHES_IN_FLIGHT', 4),
    importRows: count(env, 'SCALE_IMPORT_ROWS', 100_000),
  };
}

/** The results file's name (bench/results/<name>.json): one per store and node count. */
export function resultsName(s: Pick<ScaleSettings, 'store' | 'nodes'>): string {
  if (s.store === 'sqlite') return 'scale';
  return s.nodes > 1 ? `scale-pg-${s.nodes}nodes` : 'scale-pg';
}

/** The line above the table: which store, how many nodes, and which node each side talks to. */
export function describeRun(s: Pick<ScaleSettings, 'store' | 'nodes'>): string {
  const store = s.store === 'pg' ? 'PostgreSQL (a fresh database)' : 'SQLite (a fresh file)';
  if (s.nodes === 1) return `store: ${store}, 1 node`;
  return (
    `store: ${store}, ${s.nodes} nodes joined through Redis ` +
    `(writers → node 1, walls on node ${s.nodes}: event → wall crosses nodes)`
  );
}

/** The event → wall p99 goal: 300 ms on one node, 500 ms when the event crosses nodes. */
export const fanOutP99GoalMs = (nodes: number): number => (nodes > 1 ? 500 : 300);
