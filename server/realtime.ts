// The real-time side, wired once: socket.io (frame limit, Origin policy, ping timing), the
// briefings (presenter token, held moments), the as-of views they pin, and the hub. Who may see
// exact positions is decided here for both HTTP and the socket, from the same token scopes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { PING_INTERVAL_MS, SOCKET_PATH } from '../shared/protocol';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol';
import type { Config } from './config';
import type { Services } from './services';
import { tokenHas } from './auth';
import { requestTokens } from './screen-guard';
import { createAsOfViews } from './hub/as-of-views';
import { createHub } from './hub/hub';
import { createBriefings, type Briefings } from './socket/briefings';
import { allowRequest } from './socket/origin-policy';
import { MAX_SOCKET_MESSAGE_BYTES } from './socket/socket-events';
import type { RedisLink } from './cluster/redis-link';
import { sharedBriefings, type PeerEvents } from './cluster/shared-briefings';

/** `link` (REDIS_URL) joins this node to the others; without it the in-memory adapter (one node). */
export function createRealtime(
  app: FastifyInstance,
  services: Services,
  config: Config,
  link: RedisLink | null,
) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, PeerEvents>(app.server, {
    ...(link && { adapter: link.adapter }),
    path: SOCKET_PATH,
    serveClient: false,
    // A wall PC rendering the map in software can block its main thread for seconds; don't
    // count that as a dead link (the default 20 s timeout is close to what was seen).
    pingTimeout: 45_000,
    // Frequent pings cost nothing and let a screen notice a dead network itself (client/live).
    pingInterval: PING_INTERVAL_MS,
    // The largest legal message is a briefing step (< 1 kB); the default (1 MB) would let one
    // socket make the server parse megabytes of nesting. Larger frames close that socket.
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    allowRequest: allowRequest(config.allowedOrigins),
  });
  const exactHttp = async (req: FastifyRequest) => {
    for (const t of requestTokens(req))
      if (await tokenHas(services.store, t, ['exact'])) return true;
    return false;
  };
  // Whether a screen may see exact positions is settled once, as it connects.
  const exactSockets = new WeakSet<Socket>();
  io.use((socket, next) => {
    const { auth, query } = socket.handshake;
    const has = (t: unknown) => tokenHas(services.store, t, ['exact']);
    void (async () => {
      if ((await has((auth as Record<string, unknown>).token)) || (await has(query.token)))
        exactSockets.add(socket);
    })().then(
      () => next(),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  });
  // Briefings hold their moments in the as-of views, which keep those moments while briefings
  // show them: each refers to the other only inside callbacks, called after both exist.
  const briefings: Briefings = createBriefings({
    now: config.now,
    isPresenter: (t) => tokenHas(services.store, t, ['presenter']),
    historyStart: async () => (await services.store.firstReportedAt()) ?? config.now(),
    holdMoment: (at) => asOf.hold(at),
    share: (state) => shared?.share(state),
  });
  const shared = link ? sharedBriefings(io, briefings, link, app.log, config.now) : null;
  const asOf = createAsOfViews(services.store, services.agg, config.now, () => briefings.moments());
  const hub = createHub(io, {
    agg: services.agg,
    feed: services.feed,
    now: config.now,
    batchMs: config.batchMs,
    log: app.log,
    briefings,
    positions: config.publicPositions,
    exactFor: (socket) => exactSockets.has(socket),
  });
  return { io, hub, asOf, exactHttp };
}
