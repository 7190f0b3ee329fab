// `npm run start:cluster [-- --nodes N --port P]`: a try-out of the scale-out set-up on this
// machine: N server nodes joined through Redis behind nginx (deploy/nginx.conf with these nodes),
// one URL for every screen. Ctrl-C stops them all. docs/deploy.md says what a real one needs.
// Settings from the environment reach every node (DATA_DIR, SIMULATOR, tokens, …); a node's own
// port, the shared database and the proxy trust are set here.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from './cluster/pg-database';
import { clusterNodeEnv } from './cluster/node-env';
import { findNginx, freePort, startNginx, startNode, stop, type Proc } from './cluster/processes';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '2' },
    port: { type: 'string', default: '8080' },
  },
});
const count = Number(values.nodes);
const port = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16)
  throw new Error('--nodes must be a whole number from 1 to 16');
if (!Number.isInteger(port) || port < 1 || port > 65535)
  throw new Error('--port must be a port number');

const nginx = findNginx(process.env.PATH);
if (!nginx) {
  console.error('nginx is not installed: apt-get install nginx (Debian), then run this again');
  process.exit(1);
}

const env = process.env;
// Every node must accept the same tokens; a generated one would differ per node.
const tokens = {
  INGEST_TOKEN: env.INGEST_TOKEN || randomBytes(16).toString('hex'),
  ADMIN_TOKEN: env.ADMIN_TOKEN || randomBytes(16).toString('hex'),
  PRESENTER_TOKEN: env.PRESENTER_TOKEN || randomBytes(16).toString('hex'),
};
// One PostgreSQL database for every node (they must share their data); made here on this
// machine's PostgreSQL when not given.
const DEFAULT_DB = 'screen_cluster';
let databaseUrl = env.DATABASE_URL;
if (!databaseUrl) {
  try {
    databaseUrl = await createDatabase(DEFAULT_DB, { existing: 'keep' });
  } catch (err) {
    console.error(`cannot make the database ${DEFAULT_DB}: ${(err as Error).message}`);
    console.error('set DATABASE_URL=postgres://… to a database every node can reach');
    process.exit(1);
  }
}
const redisUrl = env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = mkdtempSync(join(tmpdir(), 'screen-nginx-'));
const procs: Proc[] = [];

let stopping = false;
async function stopAll(code: number): Promise<never> {
  stopping = true;
  // nginx first (no new requests), then the nodes close their sockets gracefully.
  const [first, ...rest] = procs;
  if (first) await stop(first, 'SIGTERM');
  await Promise.all(rest.map((p) => stop(p, 'SIGTERM')));
  rmSync(prefix, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const nodes: string[] = [];
  for (let i = 1; i <= count; i++) {
    const nodePort = await freePort();
    const p = await startNode(nodePort, {
      ...clusterNodeEnv({ ...env, ...tokens }, { databaseUrl, redisUrl, node: i }),
      // nginx is on this machine: its X-Forwarded-For names the client (rate limits, logs).
      TRUST_PROXY: 'loopback',
    });
    p.child.once('exit', (code, signal) => {
      if (!stopping)
        console.error(
          `node ${i} (port ${nodePort}) exited (${signal ?? code}); nginx sends its screens to the others`,
        );
    });
    procs.push(p);
    nodes.push(`127.0.0.1:${nodePort}`);
  }
  const web = await startNginx(nginx, prefix, port, nodes);
  web.child.once('exit', (code) => {
    if (!stopping) console.error(`nginx exited (${code}):\n${web.logs.join('')}`);
  });
  procs.unshift(web);
  console.log(
    `\n  ${count} nodes behind nginx: http://localhost:${port}/\n` +
      `  nodes:       ${nodes.join(', ')} (Redis ${redisUrl})\n` +
      `  nginx:       ${prefix}/nginx.conf (logs there too)\n` +
      `  tokens:      ingest ${tokens.INGEST_TOKEN}, admin ${tokens.ADMIN_TOKEN}, presenter ${tokens.PRESENTER_TOKEN}\n` +
      `  database:    ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')} (shared by every node)\n` +
      `  Ctrl-C stops everything.\n`,
  );
} catch (err) {
  console.error(`cannot start the cluster: ${(err as Error).message}`);
  await stopAll(1);
}
