// SCREEN_TOKEN: when set, the read API and the socket need it (?token=… on the page URL), so a
// screen on a public network shows nothing to strangers. Writes have their own tokens.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { Config } from './config';
import { HttpError } from './http-error';
import { bearer, hashToken } from './auth';
import type { Store } from './store/records';

export function screenGuard(app: FastifyInstance, io: Server, config: Config, store: Store): void {
  if (!config.screenToken) return;
  // Compared as hashes of equal length in constant time, so response timing says nothing about
  // how much of a guess was right.
  const expected = Buffer.from(hashToken(config.screenToken), 'hex');
  const ok = (t: unknown) => {
    if (typeof t !== 'string') return false;
    const hash = hashToken(t);
    return (
      timingSafeEqual(Buffer.from(hash, 'hex'), expected) || store.tokenScope(hash) !== undefined
    );
  };
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
