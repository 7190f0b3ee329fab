// SCREEN_TOKEN: when set, the read API and the socket need it (?token=… on the page URL), so a
// screen on a public network shows nothing to strangers. Writes have their own tokens.
import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { Config } from './config';
import { HttpError } from './http-error';
import { bearer, hashToken } from './auth';
import type { Store } from './store/records';

export function screenGuard(app: FastifyInstance, io: Server, config: Config, store: Store): void {
  const expected = config.screenToken;
  if (!expected) return;
  const ok = (t: unknown) =>
    typeof t === 'string' && (t === expected || store.tokenScope(hashToken(t)) !== undefined);
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'GET' || !req.url.startsWith('/api/') || req.url.startsWith('/api/health'))
      return;
    const q = req.query as Record<string, unknown>;
    if (!ok(q.token) && !ok(bearer(req)))
      throw new HttpError(
        401,
        'screen_token_required',
        'this server needs the screen token: open the screen as /?token=<SCREEN_TOKEN>',
      );
  });
  io.use((socket, next) => {
    const t =
      (socket.handshake.auth as Record<string, unknown>).token ?? socket.handshake.query.token;
    if (ok(t)) next();
    else next(new Error('screen token required'));
  });
}
