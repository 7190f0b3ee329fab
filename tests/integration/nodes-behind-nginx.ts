// Two real server nodes (child processes) behind a real nginx (deploy/nginx.conf, as
// `npm run start:cluster` writes it), joined through a Redis of their own: the set-up of the
// cluster test files. Without nginx the files are skipped on a developer's machine; in CI (where
// .ci/run installs it) a missing nginx is an error, never a silent skip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, INGEST } from './build-app';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';
import { createTestDatabase } from './pg-db';
import {
  findNginx,
  freePort,
  startNginx,
  startNode,
  startRedis,
  stop,
  type Proc,
} from '../../scripts/cluster/processes';

export interface NodesBehindNginxOptions {
  /** The test file's name without .test.ts: names its temporary directory and its warning. */
  name: string;
  /** One PostgreSQL database (made for the file, dropped after) for every node, not SQLite. */
  pg?: boolean;
  /**
   * Each node its own directory for its DB_FILE, so the files it keeps beside it (imports) are
   * its own, as on two machines; otherwise every node's DB_FILE sits in one directory.
   */
  dirPerNode?: boolean;
  /** Settings every node gets besides the common ones (PRESENTER_TOKEN, RATE_LIMIT_PER_MINUTE…). */
  env?: NodeJS.ProcessEnv;
}

export interface Node {
  port: number;
  proc: Proc;
}

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

export class NodesBehindNginx {
  private readonly nginx = findNginx(process.env.PATH);
  /** Skipped: no nginx here, and not in CI. */
  readonly skip = !this.nginx && !process.env.CI;
  /** Everything the nodes and nginx write; nginx's own files (access.log) are in `dir/nginx`. */
  readonly dir: string;
  readonly nodes: Node[] = [];
  /** The database of every node, with `pg`. */
  db!: TestDatabase;
  /** The nodes' Redis: a test may stop it and start another on `redisPort` (then set it here). */
  redis!: Proc;
  redisPort!: number;
  private web!: Proc;
  private webPort!: number;
  private dataDir!: string;

  constructor(private readonly options: NodesBehindNginxOptions) {
    if (this.skip)
      console.warn(
        `${options.name}.test.ts skipped: nginx is not installed (apt-get install nginx)`,
      );
    this.dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  }

  // Arrow functions, so a test file can take them out of the object and call them as before.

  /** A node's settings: the same dataset, tokens, Redis (and database) as every node. */
  readonly nodeEnv = (name: string): NodeJS.ProcessEnv => {
    const { pg, dirPerNode, env } = this.options;
    return {
      ...process.env,
      DATA_DIR: this.dataDir,
      // With pg unused (DATABASE_URL wins), but a node keeps its import files beside it.
      DB_FILE: dirPerNode
        ? join(this.dir, name, 'unused.sqlite')
        : join(this.dir, `${name}.sqlite`),
      ...(pg ? { DATABASE_URL: this.db.url } : {}),
      REDIS_URL: `redis://127.0.0.1:${this.redisPort}`,
      INGEST_TOKEN: INGEST,
      ADMIN_TOKEN: ADMIN,
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: join(this.dir, 'none'),
      TRUST_PROXY: 'loopback',
      ...env,
    };
  };

  /** For beforeAll: the dataset, database, Redis, two nodes and nginx in front of them. */
  async start(): Promise<void> {
    if (this.skip) return;
    if (!this.nginx)
      throw new Error('nginx is not installed: .ci/run installs it (apt-get install nginx)');
    this.dataDir = await tinyDatasetDir();
    if (this.options.pg) this.db = await createTestDatabase();
    this.redisPort = await freePort();
    this.redis = await startRedis(this.redisPort);
    for (const i of [1, 2]) {
      const port = await freePort();
      this.nodes.push({ port, proc: await startNode(port, this.nodeEnv(`node-${i}`)) });
    }
    this.webPort = await freePort();
    this.web = await startNginx(
      this.nginx,
      join(this.dir, 'nginx'),
      this.webPort,
      this.nodes.map((n) => `127.0.0.1:${n.port}`),
    );
  }

  /** For afterAll: stops whatever started, drops the database, removes the directories. */
  async stop(): Promise<void> {
    for (const p of [this.web, ...this.nodes.map((n) => n.proc), this.redis]) if (p) await stop(p);
    await this.db?.drop();
    rmSync(this.dir, { recursive: true, force: true });
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Node i's own address, not through nginx. */
  readonly direct = (i: number): string => `http://127.0.0.1:${this.nodes[i]!.port}`;

  readonly viaNginx = (): string => `http://127.0.0.1:${this.webPort}`;
}
