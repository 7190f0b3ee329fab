// The only reader of process.env. Every setting is checked against a schema at start-up, so a
// typo in a variable fails loudly with the variable's name instead of running on a default.
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { describeSchemaErrors } from './http-error';
import { DELTA_BATCH_MS } from '../shared/protocol';
import { POSITION_POLICIES, type PositionPolicy } from './hub/public-position';

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATA_DIR: Type.String({ default: 'data/jinniu' }),
  DB_FILE: Type.String({ default: 'data/local/screen.sqlite' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  SIMULATOR: Type.Enum(['auto', 'on', 'off'], { default: 'auto' }),
  SIMULATOR_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 10_000, default: 10 }),
  INGEST_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  SCREEN_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  PRESENTER_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  EXACT_POSITION_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  PUBLIC_POSITIONS: Type.Enum([...POSITION_POLICIES], { default: 'cell' }),
  ALLOWED_ORIGINS: Type.Optional(Type.String()),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 1200 }),
  CLIENT_DIR: Type.String({ default: 'dist/client' }),
  SCENES_DIR: Type.String({ default: 'data' }),
  TRUST_PROXY: Type.Optional(Type.String()),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  /**
   * postgres://… : the PostgreSQL store (several nodes share it). Unset: the embedded SQLite
   * store in dbFile. dbFile's directory still holds the side files (token file, import uploads).
   */
  databaseUrl?: string;
  /** Connections this node keeps open to PostgreSQL. */
  dbPoolSize: number;
  /** auto: on for a demo dataset, off for a real district's. */
  simulator: 'auto' | 'on' | 'off';
  simulatorSpeed: number;
  ingestToken?: string;
  adminToken?: string;
  screenToken?: string;
  /** Steps, starts and re-freezes briefings (the admin token does too). */
  presenterToken?: string;
  /** A screen opened with this token sees exact problem positions (a command center). */
  exactPositionToken?: string;
  /** How positions leave the server for everyone else. */
  publicPositions: PositionPolicy;
  /** Browser origins (scheme://host[:port]) allowed on the socket besides the page's own. */
  allowedOrigins: string[];
  logLevel: Env['LOG_LEVEL'];
  rateLimitPerMinute: number;
  /**
   * Fastify's trustProxy: false (the socket's address is the client, so X-Forwarded-For can't
   * dodge the per-IP rate limit), true (trust every hop), or the proxies' addresses / CIDRs.
   */
  trustProxy: boolean | string[];
  /** Built client to serve; the page is absent (API only) when the directory does not exist. */
  clientDir: string;
  /** Holds tour.json (exhibition) and briefing.json (briefing); a city edits them without a rebuild. */
  scenesDir: string;
  /** Where a generated token is written when none is configured. */
  tokenFile: string;
  /**
   * redis://… joins this node to the others behind one proxy (briefings and presenter steps reach
   * every node); absent: the node runs alone. Redis holds no durable state.
   */
  redisUrl?: string;
  /** Clock; tests may pin it. */
  now: () => number;
  /** Delta batching interval (ms). */
  batchMs: number;
}

const validate = Compile(EnvSchema);

// proxy-addr's names for address ranges, accepted beside addresses and CIDRs.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(s: string): boolean {
  if (PROXY_NAMES.has(s)) return true;
  const [addr = '', bits, ...rest] = s.split('/');
  const family = isIP(addr);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** TRUST_PROXY: unset / false → off; true → every hop; else a comma list of addresses or CIDRs. */
export function parseTrustProxy(v: string | undefined): boolean | string[] {
  const s = v?.trim() ?? '';
  if (s === '' || s === 'false') return false;
  if (s === 'true') return true;
  const list = s.split(',').map((x) => x.trim());
  const bad = list.filter((x) => !isProxyAddress(x));
  if (bad.length > 0)
    throw new Error(
      `configuration: env.TRUST_PROXY must be true, false or a comma list of IP addresses / CIDRs (e.g. 10.0.0.1,192.168.0.0/16); not: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  return list;
}
/** ALLOWED_ORIGINS: a comma list of origins such as https://wall.example.org:8443. */
function parseOrigins(v: string | undefined): string[] {
  const list = (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = list.filter((x) => {
    try {
      return new URL(x).origin !== x;
    } catch {
      return true;
    }
  });
  if (bad.length > 0)
    throw new Error(
      `configuration: env.ALLOWED_ORIGINS must be a comma list of origins like https://wall.example.org (scheme, host, port; no path); not: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  return list;
}
const numeric = new Set(['PORT', 'SIMULATOR_SPEED', 'RATE_LIMIT_PER_MINUTE', 'DB_POOL_SIZE']);

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
  const e = raw;
  const dbFile = e.DB_FILE === ':memory:' ? e.DB_FILE : resolve(root, e.DB_FILE);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(root, e.DATA_DIR),
    dbFile,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    simulator: e.SIMULATOR,
    simulatorSpeed: e.SIMULATOR_SPEED,
    ingestToken: e.INGEST_TOKEN,
    adminToken: e.ADMIN_TOKEN,
    screenToken: e.SCREEN_TOKEN,
    presenterToken: e.PRESENTER_TOKEN,
    exactPositionToken: e.EXACT_POSITION_TOKEN,
    publicPositions: e.PUBLIC_POSITIONS,
    allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    clientDir: resolve(root, e.CLIENT_DIR),
    scenesDir: resolve(root, e.SCENES_DIR),
    tokenFile: resolve(root, 'data/local/ingest-token.txt'),
    redisUrl: e.REDIS_URL,
    now: Date.now,
    batchMs: DELTA_BATCH_MS,
  };
}
