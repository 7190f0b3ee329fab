// The ONE module that owns the socket. It subscribes to the store's scope, writes snapshots and
// deltas into the store, asks for a resync when the store flags a sequence gap, and reports the
// link status. Components never touch the socket.
import { io, type Socket } from 'socket.io-client';
import { PING_INTERVAL_MS, RECONNECT, SOCKET_PATH } from '@shared/protocol';
import type { ClientToServerEvents, RegionRef, ServerToClientEvents } from '@shared/protocol';
import type { Store } from '../store/store';
import { sameScope } from '../store/updaters';
import { attachBriefing } from './briefing-link';
import { createLinkWatch } from './link-watch';
import { DENIED_RETRY_MS, screenToken } from '../util/screen-token';

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How often the link's silence is checked. */
const CHECK_MS = 2000;
/** The server refills a screen's snapshot budget at 2 a second: one second later there is room. */
const RATE_LIMITED_RETRY_MS = 1000;

export function startLive(store: Store, url = ''): () => void {
  // socket.io's own back-off, exponential with jitter and capped (RECONNECT, shared/protocol.ts).
  const socket: Sock = io(url, {
    path: SOCKET_PATH,
    // WebSocket first: the polling → websocket upgrade times out when a slow wall's main thread
    // is busy (map start-up under software WebGL), which dropped the link. Polling stays as the
    // fallback for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: (cb) => cb({ token: screenToken(location.search) ?? '' }),
    ...RECONNECT,
  });
  let subscribed: RegionRef | null = null;
  const detachBriefing = attachBriefing(socket);

  let again: ReturnType<typeof setTimeout> | undefined;
  const onSnapshot = (res: Parameters<Parameters<ClientToServerEvents['subscribe']>[1]>[0]) => {
    if (res.ok) store.dispatch('snapshot', res.data);
    // Over this screen's budget (clicked through many scopes at once): ask once more, a little
    // later, for the scope it shows by then; a subscribe answers with a whole snapshot.
    else if (res.error === 'rate_limited') {
      clearTimeout(again);
      again = setTimeout(() => subscribe(), RATE_LIMITED_RETRY_MS);
    }
  };
  const subscribe = () => {
    const scope = store.get().scope;
    if (!socket.connected || scope.id === '') return;
    subscribed = scope;
    socket.emit('subscribe', scope, onSnapshot);
  };

  const watch = createLinkWatch(2 * PING_INTERVAL_MS, CHECK_MS, performance.now());
  const heard = () => {
    watch.heard(performance.now());
    if (socket.connected) store.dispatch('status', 'live');
  };
  const check = setInterval(() => {
    if (socket.connected && watch.silent(performance.now()))
      store.dispatch('status', 'reconnecting');
  }, CHECK_MS);

  socket.on('connect', () => {
    heard();
    subscribe();
  });
  let askAgain: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', () => {
    if (socket.active) return; // a passing failure: socket.io tries again by itself
    // Refused by the server (no or wrong SCREEN_TOKEN), and socket.io gives up on its own. Say so,
    // and ask again now and then: a wall comes back by itself once the token is put right.
    store.dispatch('status', 'unauthorized');
    clearTimeout(askAgain);
    askAgain = setTimeout(() => socket.connect(), DENIED_RETRY_MS);
  });
  socket.on('disconnect', () => store.dispatch('status', 'reconnecting'));
  socket.io.on('reconnect_attempt', () => store.dispatch('status', 'reconnecting'));
  socket.io.on('ping', heard);
  socket.on('server:closing', () => store.dispatch('status', 'reconnecting'));
  socket.on('delta', (d) => {
    heard();
    store.dispatch('delta', d);
  });

  const unsubscribe = store.subscribe(() => {
    const s = store.get();
    if (subscribed && !sameScope(subscribed, s.scope)) subscribe();
    else if (!subscribed && s.scope.id !== '') subscribe();
    if (s.needsResync && socket.connected) {
      store.dispatch('resyncRequested', null);
      socket.emit('resync', onSnapshot);
    }
  });

  return () => {
    clearInterval(check);
    clearTimeout(askAgain);
    clearTimeout(again);
    unsubscribe();
    detachBriefing();
    socket.close();
  };
}
