// Builds the real app in-process for a test: a real SQLite file in a temp directory (or, with
// TEST_STORE=pg, a fresh PostgreSQL database of its own), the tiny dataset (or another), the
// simulator off unless asked, a pinned clock if given. Close it after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/app';
import { configFromEnv, type Config } from '../../server/config';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';
import { createTestDatabase } from './pg-db';
import { ON_PG } from './test-store';

// Every database this test file made, dropped when the file ends (also those a failed test
// left open); an app's own database goes as soon as the app closes.
const databases = new Map<string, () => Promise<void>>();
if (ON_PG)
  afterAll(async () => {
    for (const drop of databases.values()) await drop();
    databases.clear();
  });

/** The test's own database: by its file path when it names one (a restart finds it again). */
async function testDatabase(dbFile: string | undefined) {
  const db = await createTestDatabase(undefined, dbFile);
  databases.set(db.url, db.drop);
  const own = dbFile === undefined;
  return {
    url: db.url,
    drop: async () => {
      if (!own) return;
      databases.delete(db.url);
      await db.drop();
    },
  };
}

export const INGEST = 'ingest-token-for-tests-0001';
export const ADMIN = 'admin-token-for-tests-00001';
export const auth = { authorization: `Bearer ${INGEST}` };

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  config: Config;
  close(): Promise<void>;
}

export async function buildTestApp(
  over: Partial<Config> & { env?: Record<string, string> } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'screen-it-'));
  const dataDir = over.dataDir ?? (await tinyDatasetDir());
  const config: Config = {
    ...configFromEnv({
      DB_FILE: join(dir, 'screen.sqlite'),
      INGEST_TOKEN: INGEST,
      ADMIN_TOKEN: ADMIN,
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: join(dir, 'no-client'),
      ...over.env,
    }),
    dataDir,
    ...over,
  };
  const pg = ON_PG && !over.databaseUrl ? await testDatabase(over.dbFile) : null;
  if (pg) config.databaseUrl = pg.url;
  let app: FastifyInstance;
  try {
    app = await buildApp(config);
  } catch (err) {
    await pg?.drop();
    throw err;
  }
  return {
    app,
    dir,
    config,
    close: async () => {
      await app.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
      if (!over.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io client against the app listening on an ephemeral port. */
export async function listenAndConnect(
  app: FastifyInstance,
): Promise<{ url: string; connect: () => Promise<ClientSocket> }> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const connect = () =>
    new Promise<ClientSocket>((ok, fail) => {
      const s: ClientSocket = ioClient(address, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
      });
      s.once('connect', () => ok(s));
      s.once('connect_error', fail);
    });
  return { url: address, connect };
}

export function post(
  app: FastifyInstance,
  url: string,
  payload: unknown,
  headers: Record<string, string> = auth,
) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers });
}
