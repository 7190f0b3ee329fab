// Where bench:scale's server keeps its data, made fresh for the run: a SQLite file in the run's
// temp directory, or a PostgreSQL database of its own (dropped after) with SCALE_NODES server
// processes on it, joined through a Redis of the run's own (the change feed's stream name is
// fixed, so the machine's shared Redis would mix this run's events with anyone else's).
import { randomBytes } from 'node:crypto';
import { clusterNodeEnv } from '../scripts/cluster/node-env';
import { createDatabase, dropDatabase } from '../scripts/cluster/pg-database';
import { freePort, startRedis, stop, type Proc } from '../scripts/cluster/processes';
import { serverUnderTest, type ServerUnderTest } from './scale-server';
import type { ScaleSettings } from './scale-settings';

export interface BenchStore {
  /** Node 1 first; one node on SQLite. */
  nodes: ServerUnderTest[];
  /** The run's PostgreSQL database, for its raw limits; null on SQLite. */
  pgUrl: string | null;
  /** Stops every node, then (unless `keep`) drops the database. */
  close(keep: boolean): Promise<void>;
}

export async function benchStore(
  s: Pick<ScaleSettings, 'store' | 'nodes'>,
  dir: string,
): Promise<BenchStore> {
  if (s.store === 'sqlite') {
    const node = await serverUnderTest(dir);
    return { nodes: [node], pgUrl: null, close: async () => void (await node.stop()) };
  }
  const name = `scale_bench_${randomBytes(5).toString('hex')}`;
  const databaseUrl = await createDatabase(name);
  let redis: Proc | null = null;
  const nodes: ServerUnderTest[] = [];
  const close = async (keep: boolean) => {
    for (const n of nodes) await n.stop();
    if (redis) await stop(redis);
    if (!keep) await dropDatabase(name);
  };
  try {
    let redisUrl: string | undefined;
    if (s.nodes > 1) {
      const port = await freePort();
      redis = await startRedis(port);
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    for (let node = 1; node <= s.nodes; node++)
      nodes.push(await serverUnderTest(dir, clusterNodeEnv({}, { databaseUrl, redisUrl, node })));
  } catch (err) {
    await close(false);
    throw err;
  }
  return { nodes, pgUrl: databaseUrl, close };
}
