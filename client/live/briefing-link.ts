// The briefing room over the ONE socket (owned by live-link.ts): mode code joins a briefing,
// sends the presenter's scene, and hears the server's state, without touching the socket. Only a
// window holding the presenter token sends steps; walls only follow. Rooms do not survive a
// reconnect (or a server restart, which also forgets the room's state), so every (re)connect
// joins again and, if the server has forgotten, the presenter tells it where the briefing is.
import type { BriefingState, ClientToServerEvents, ServerToClientEvents } from '@shared/protocol';
import type { Socket } from 'socket.io-client';
import { presenterToken } from '../util/presenter-token';

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;
type Listener = (state: BriefingState | null, origin: 'join' | 'remote') => void;
type Refused = (error: string, message: string) => void;

let socket: Sock | null = null;
let joinedId: string | null = null;
/** Our last known state of the joined briefing: re-sent when a restarted server has none. */
let mine: BriefingState | null = null;
/** A scene chosen while offline: on reconnect it wins over the server's older one. */
let unsent = false;
/** Scenes this window has gone to: a join answered before our latest step must not undo it. */
let steps = 0;
const listeners = new Set<Listener>();
const refusals = new Set<Refused>();

function emitAll(state: BriefingState | null, origin: 'join' | 'remote') {
  for (const fn of listeners) fn(state, origin);
}

/** Sends a step with the presenter token; the server's answer (its own start stamp) is kept. */
function send(state: BriefingState): void {
  const token = presenterToken.get();
  if (!socket?.connected || !token) return;
  const { briefingId, sceneIndex, frozenAt } = state;
  socket.emit(
    'briefing:goto',
    { briefingId, sceneIndex, frozenAt, presenterToken: token },
    (res) => {
      if (res.ok) {
        if (res.data.briefingId !== joinedId) return;
        mine = res.data;
        emitAll(res.data, 'remote');
      } else for (const fn of refusals) fn(res.error, res.message);
    },
  );
}

function join(): void {
  const id = joinedId;
  if (!socket?.connected || id === null) return;
  const stepsAtJoin = steps;
  socket.emit('briefing:join', id, (res) => {
    if (!res.ok || joinedId !== id) return;
    if (mine && presenterToken.get() && (res.data === null || unsent || steps !== stepsAtJoin)) {
      // The server restarted (forgot the room), missed our step, or answered before our latest
      // step reached it (a key pressed while the join was on its way): it learns it from us.
      unsent = false;
      send(mine);
      return;
    }
    if (res.data) mine = res.data;
    emitAll(res.data, 'join');
  });
}

/** Called once by startLive with its socket. */
export function attachBriefing(s: Sock): () => void {
  socket = s;
  const onState = (state: BriefingState) => {
    if (state.briefingId !== joinedId) return;
    mine = state;
    emitAll(state, 'remote');
  };
  s.on('connect', join);
  s.on('briefing:state', onState);
  return () => {
    s.off('connect', join);
    s.off('briefing:state', onState);
    socket = null;
  };
}

export const briefingLink = {
  /**
   * Join a briefing. The listener hears the server's state on every (re)join (null: nobody has
   * started it) and every scene the presenter goes to.
   */
  join(briefingId: string, fn: Listener): () => void {
    joinedId = briefingId;
    mine = null;
    unsent = false;
    listeners.add(fn);
    join();
    return () => {
      listeners.delete(fn);
      if (listeners.size === 0) joinedId = null;
    };
  },
  /** Presenter only: go to a scene (or start the briefing); the server tells every window. */
  goto(state: BriefingState): void {
    mine = state;
    steps++;
    if (socket?.connected) send(state);
    else unsent = true;
  },
  /** Hears a step the server refused (a wrong presenter token, a moment out of range). */
  onRefused(fn: Refused): () => void {
    refusals.add(fn);
    return () => refusals.delete(fn);
  },
};
