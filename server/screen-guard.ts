// SCREEN_TOKEN: when set, the read API and the socket need it (?token=… on the page URL), so a
// screen on a public network shows nothing to strangers. Writes have their own tokens.
// The HTTP check is attached to each matched read route (every method Fastify serves for it,
// HEAD included), never decided from the raw URL: /%61pi/snapshot matches /api/snapshot too.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Server } from 'socket.io';
import type { Config } from './config';
import { HttpError } from './http-error';
import { bearer, hashToken, tokenHas } from './auth';
import type { Store } from './store/records';

/** Read routes anyone may call: the liveness probe. */
const OPEN_ROUTES = new Set(['/api/health']);

/** The token a request carries: ?token= (a screen) or a bearer header (a script). */
export function requestTokens(req: FastifyRequest): unknown[] {
  return [(req.query as Record<string, unknown> | undefined)?.token, bearer(req)];
}

/** Whether a read route (by its pattern and methods) needs the screen token. */
function isGuardedRead(url: string, method: string | string[]): boolean {
  const methods = Array.isArray(method) ? method : [method];
  // POST routes are writes and the admin recount: each has its own bearer check.
  return url.startsWith('/api/') && !OPEN_ROUTES.has(url) && !methods.includes('POST');
}

export function screenGuard(app: FastifyInstance, io: Server, config: Config, store: Store): void {
  if (!config.screenToken) return;
  // Compared as hashes of equal length in constant time, so response timing says nothing about
  // how much of a guess was right.
  const expected = Buffer.from(hashToken(config.screenToken), 'hex');
  const ok = async (t: unknown) => {
    if (typeof t !== 'string' || t.length > 200) return false;
    const hash = hashToken(t);
    return (
      timingSafeEqual(Buffer.from(hash, 'hex'), expected) ||
      tokenHas(store, t, ['ingest', 'presenter', 'exact'])
    );
  };
  const guard: onRequestAsyncHookHandler = async (req) => {
    for (const t of requestTokens(req)) if (await ok(t)) return;
    throw new HttpError(
      401,
      'screen_token_required',
      'this server needs the screen token: open the screen as /?token=<SCREEN_TOKEN>',
    );
  };
  app.addHook('onRoute', (route) => {
    if (!isGuardedRead(route.url, route.method)) return;
    const own = route.onRequest;
    route.onRequest = own ? [guard, ...(Array.isArray(own) ? own : [own])] : [guard];
  });
  io.use((socket, next) => {
    const t =
      (socket.handshake.auth as Record<string, unknown>).token ?? socket.handshake.query.token;
    ok(t).then(
      (yes) => next(yes ? undefined : new Error('screen token required')),
      () => next(new Error('screen token required')),
    );
  });
}
