// The briefing room over the ONE socket (owned by live-link.ts): mode code joins a briefing,
// sends the presenter's scene, and hears the other windows' scenes, without touching the socket.
// Rooms do not survive a reconnect (or a server restart, which also forgets the room's state), so
// every (re)connect joins again and, if the server has forgotten, tells it where we are.
import type { BriefingState, ClientToServerEvents, ServerToClientEvents } from '@shared/protocol';
import type { Socket } from 'socket.io-client';

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;
type Listener = (state: BriefingState | null, origin: 'join' | 'remote') => void;

let socket: Sock | null = null;
let joinedId: string | null = null;
/** Our last known state of the joined briefing: re-sent when a restarted server has none. */
let mine: BriefingState | null = null;
/** A scene chosen while offline: on reconnect it wins over the server's older one. */
let unsent = false;
/** Scenes this window has gone to: a join answered before our latest step must not undo it. */
let steps = 0;
const listeners = new Set<Listener>();

function emitAll(state: BriefingState | null, origin: 'join' | 'remote') {
  for (const fn of listeners) fn(state, origin);
}

function join(): void {
  const id = joinedId;
  if (!socket?.connected || id === null) return;
  const stepsAtJoin = steps;
  socket.emit('briefing:join', id, (res) => {
    if (!res.ok || joinedId !== id) return;
    if (mine && (res.data === null || unsent || steps !== stepsAtJoin)) {
      // The server restarted (forgot the room), missed our step, or answered before our latest
      // step reached it (a key pressed while the join was on its way): it learns it from us.
      unsent = false;
      socket?.emit('briefing:goto', mine);
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
   * started it) and every scene another window goes to.
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
  /** Go to a scene: stored by the server and sent to the other windows of the briefing. */
  goto(state: BriefingState): void {
    mine = state;
    steps++;
    if (socket?.connected) socket.emit('briefing:goto', state);
    else unsent = true;
  },
};
