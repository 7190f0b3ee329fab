// Write limits hold across nodes: with REDIS_URL, a client's writes count on every node alike, so
// spreading them over two nodes does not double what it may send. With Redis away the limit is
// not enforced (writes go on) rather than every write refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, post, type TestApp } from './build-app';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import { freePort, startRedis, stop, type Proc } from '../../scripts/cluster/processes';

const LIMIT = 6;
const dir = mkdtempSync(join(tmpdir(), 'cluster-limits-'));
let redis: Proc;
let redisPort: number;
const nodes: TestApp[] = [];

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const dataDir = await tinyDatasetDir();
  for (const name of ['a', 'b'])
    nodes.push(
      await buildTestApp({
        dataDir,
        dbFile: join(dir, `${name}.sqlite`),
        redisUrl: `redis://127.0.0.1:${redisPort}`,
        rateLimitPerMinute: LIMIT,
      }),
    );
});

afterAll(async () => {
  for (const n of nodes) await n.close();
  if (redis) await stop(redis);
  rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
const create = (node: TestApp) =>
  post(node.app, '/api/problems', {
    id: `limit-${serial++}`,
    category: 'dispute',
    source: 'hotline',
    gridId: tinyGridIds()[0],
  });

describe('write limits across nodes', () => {
  it('count one client’s writes on every node: the limit is the limit of the cluster', async () => {
    const codes: number[] = [];
    // Alternating nodes, one after the other: each node alone would allow LIMIT.
    for (let i = 0; i < LIMIT + 4; i++) codes.push((await create(nodes[i % 2]!)).statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(LIMIT);
    expect(codes.slice(LIMIT)).toEqual([429, 429, 429, 429]);
    const refused = await create(nodes[0]!);
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('lets writes through while Redis is away instead of refusing them all', async () => {
    await stop(redis);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      serial += 1000; // fresh ids
      codes.push((await create(nodes[1]!)).statusCode);
    }
    expect(codes).toEqual([201, 201, 201]);
  });
});
