// The only reader of process.env. Every setting is checked against a schema at start-up, so a
// typo in a variable fails loudly with the variable's name instead of running on a default.
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { resolve } from 'node:path';
import { describeSchemaErrors } from './http-error';

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATA_DIR: Type.String({ default: 'data/jinniu' }),
  DB_FILE: Type.String({ default: 'data/local/screen.sqlite' }),
  SIMULATOR: Type.Enum(['on', 'off'], { default: 'on' }),
  SIMULATOR_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 10 }),
  INGEST_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  SCREEN_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 1200 }),
  CLIENT_DIR: Type.String({ default: 'dist/client' }),
  SCENES_DIR: Type.String({ default: 'data' }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  simulator: boolean;
  simulatorSpeed: number;
  ingestToken?: string;
  adminToken?: string;
  screenToken?: string;
  logLevel: Env['LOG_LEVEL'];
  rateLimitPerMinute: number;
  /** Built client to serve; the page is absent (API only) when the directory does not exist. */
  clientDir: string;
  /** Holds tour.json (exhibition) and briefing.json (briefing); a city edits them without a rebuild. */
  scenesDir: string;
  /** Where a generated token is written when none is configured. */
  tokenFile: string;
  /** Clock; tests may pin it. */
  now: () => number;
  /** Delta batching interval (ms). */
  batchMs: number;
}

const validate = Compile(EnvSchema);
const numeric = new Set(['PORT', 'SIMULATOR_SPEED', 'RATE_LIMIT_PER_MINUTE']);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(EnvSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = numeric.has(key) ? Number(v) : v;
    else if ('default' in schema) raw[key] = schema.default;
  }
  if (!validate.Check(raw))
    throw new Error(
      `configuration: ${describeSchemaErrors(validate.Errors(raw), 'env').join('; ')}`,
    );
  const e = raw as Env;
  const dbFile = e.DB_FILE === ':memory:' ? e.DB_FILE : resolve(root, e.DB_FILE);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(root, e.DATA_DIR),
    dbFile,
    simulator: e.SIMULATOR === 'on',
    simulatorSpeed: e.SIMULATOR_SPEED,
    ingestToken: e.INGEST_TOKEN,
    adminToken: e.ADMIN_TOKEN,
    screenToken: e.SCREEN_TOKEN,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    clientDir: resolve(root, e.CLIENT_DIR),
    scenesDir: resolve(root, e.SCENES_DIR),
    tokenFile: resolve(root, 'data/local/ingest-token.txt'),
    now: Date.now,
    batchMs: 250,
  };
}
