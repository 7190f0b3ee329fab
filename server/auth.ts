// Bearer tokens with a scope (ingest, admin, presenter). Only their SHA-256 is stored. Without configured
// tokens one is generated on first start and written next to the database, readable by its owner.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Config } from './config';
import { HttpError } from './http-error';
import type { Store } from './store/records';

export type Scope = 'ingest' | 'admin' | 'presenter';
/** The same floor as INGEST_TOKEN / ADMIN_TOKEN in config.ts. */
const MIN_TOKEN_LENGTH = 16;

/** Who made a request: the console token's name, or the env/file token it used. */
const callers = new WeakMap<FastifyRequest, string>();
export const callerOf = (req: FastifyRequest) => callers.get(req);

export const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

function fileToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    // An empty or short file (a truncated copy, a placeholder) must not become a guessable token.
    if (token.length < MIN_TOKEN_LENGTH)
      throw new Error(
        `the token in ${file} is ${token.length} characters long; a token needs at least ${MIN_TOKEN_LENGTH}: put a longer one there, or delete the file to have one generated`,
      );
    return token;
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

/**
 * Registers the configured (or generated) tokens, retiring any earlier token of the same label
 * (a changed INGEST_TOKEN must lock the old one out); returns where generated ones were written.
 */
export async function setUpTokens(store: Store, config: Config): Promise<string[]> {
  const dir = config.dbFile === ':memory:' ? dirname(config.tokenFile) : dirname(config.dbFile);
  const written: string[] = [];
  for (const scope of ['ingest', 'admin'] as const) {
    let token = scope === 'ingest' ? config.ingestToken : config.adminToken;
    if (!token) {
      const file = join(dir, `${scope}-token.txt`);
      token = fileToken(file);
      written.push(file);
    }
    await store.putToken(
      hashToken(token),
      scope,
      scope === 'ingest' ? 'INGEST_TOKEN' : 'ADMIN_TOKEN',
    );
  }
  const optional = [
    ['presenter', 'PRESENTER_TOKEN', config.presenterToken],
    ['exact', 'EXACT_POSITION_TOKEN', config.exactPositionToken],
  ] as const;
  for (const [scope, label, token] of optional)
    if (token) await store.putToken(hashToken(token), scope, label);
    else await store.dropTokens(label);
  return written;
}

/** Whether `token` (any string) is known with one of `scopes`; admin tokens may do anything. */
export async function tokenHas(
  store: Store,
  token: unknown,
  scopes: ReadonlyArray<string>,
): Promise<boolean> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const hash = hashToken(token);
  // Console tokens count too: a presenter token made in /admin drives briefings like PRESENTER_TOKEN.
  const has =
    (await store.tokenScope(hash)) ?? (await store.consoleTokens.use(hash, Date.now()))?.scope;
  return has === 'admin' || (has !== undefined && scopes.includes(has));
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1]?.trim();
}

/**
 * How long a configured token's scope is taken as read without asking the store again. Such tokens
 * change only when a node starts (setUpTokens), and every write carries one: looked up each time,
 * the lookup waited in the store's queue behind the group commit in progress. A node started with
 * another INGEST_TOKEN on a shared database locks the old one out of this node within this time.
 */
export const FIXED_SCOPE_TTL_MS = 1000;

/**
 * The scope of a configured (env or file) token, remembered per token for FIXED_SCOPE_TTL_MS.
 * Only known configured tokens are remembered, so the map holds at most one entry per label.
 * Console tokens are not: each use is recorded, and one revoked in /admin is refused at once.
 */
export function fixedScopes(store: Pick<Store, 'tokenScope'>, now: () => number = Date.now) {
  const known = new Map<string, { scope: string; hash: string; until: number }>();
  return async (token: string): Promise<{ scope: string | undefined; hash: string }> => {
    const t = now();
    const k = known.get(token);
    if (k && t < k.until) return k;
    const hash = k?.hash ?? hashToken(token);
    const scope = await store.tokenScope(hash);
    if (scope === undefined) known.delete(token);
    else known.set(token, { scope, hash, until: t + FIXED_SCOPE_TTL_MS });
    return { scope, hash };
  };
}

/** What a caller without a token must send: the token file or variable of the route's scope. */
function missingToken(scope: Scope): string {
  const where =
    scope === 'presenter'
      ? 'PRESENTER_TOKEN or the admin token'
      : `data/local/${scope}-token.txt or ${scope === 'admin' ? 'ADMIN_TOKEN' : 'INGEST_TOKEN'}`;
  return `this request needs a header "Authorization: Bearer <token>" with a token of scope "${scope}" (see ${where})`;
}

/**
 * onRequest hook: the request carries a token of `scope` (admin tokens may do anything). It runs
 * before the body is parsed or validated, so a caller without a token hears 401, not our schema.
 */
export function requireScope(store: Store, scope: Scope) {
  const fixedScope = fixedScopes(store);
  return async (req: FastifyRequest) => {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthorized', missingToken(scope));
    const { scope: fixed, hash } = await fixedScope(token);
    const named = fixed ? undefined : await store.consoleTokens.use(hash, Date.now());
    const has = fixed ?? named?.scope;
    if (!has)
      throw new HttpError(401, 'unauthorized', 'the bearer token is not known to this server');
    if (has !== scope && has !== 'admin')
      throw new HttpError(
        403,
        'forbidden',
        `this needs a token with scope "${scope}"; yours has "${has}"`,
      );
    callers.set(req, named?.name ?? (has === 'admin' ? 'ADMIN_TOKEN' : 'INGEST_TOKEN'));
  };
}
