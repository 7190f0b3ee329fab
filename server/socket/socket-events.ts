// Every event a screen may send, each registered through guardedHandler (schema, ack, budget,
// catch). What a socket may cost is bounded: one scope at a time, a few briefing rooms, and a
// token bucket per kind of message.
import type { Socket } from 'socket.io';
import type { RegionRef, Snapshot } from '../../shared/protocol';
import { ScopeSchema } from '../schemas/socket';
import { guardedHandler, type SocketLog } from './guarded-handler';
import { tokenBucket } from './token-bucket';
import type { Briefings } from './briefings';
import { attachBriefingEvents } from './briefing-events';

/**
 * socket.io's maxHttpBufferSize: the largest legal message is a briefing step (ids ≤ 64, a token
 * ≤ 200, an ISO time: well under 1 kB, framing included); 8 kB leaves room and nothing more.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 8 * 1024;
/** Snapshots are the costly answer: a screen needs one per scene or drill-down, and one per gap. */
export const VIEW_BURST = 10;
const VIEW_PER_SECOND = 2;
/** A clicker pressed fast, a presenter jumping through scenes. */
const BRIEFING_BURST = 20;
const BRIEFING_PER_SECOND = 5;

export interface SocketEventDeps {
  log: SocketLog;
  now: () => number;
  briefings: Briefings;
  /** The room key and snapshot of a scope (null: not a region of this district). */
  subscribe(scope: RegionRef, exact: boolean): { key: string; snapshot: Snapshot } | null;
  /** The current snapshot of a room this socket is in. */
  resync(key: string): Snapshot | null;
  /** Whether this socket's token lets it see exact positions. */
  exact(socket: Socket): boolean;
}

export function attachSocketEvents(socket: Socket, deps: SocketEventDeps): void {
  const { log } = deps;
  const view = tokenBucket(VIEW_BURST, VIEW_PER_SECOND, deps.now);
  const exact = deps.exact(socket);
  let current: string | null = null;

  guardedHandler<RegionRef>(
    socket,
    'subscribe',
    {
      payload: { schema: ScopeSchema, name: 'scope' },
      ack: 'required',
      bucket: view,
      run(scope, ack) {
        const sub = deps.subscribe({ level: scope.level, id: scope.id }, exact);
        if (!sub)
          return ack!({
            ok: false,
            error: 'unknown_scope',
            message: `no ${scope.level} with this id in this district; GET /api/geo lists them`,
          });
        if (current && current !== sub.key) void socket.leave(current);
        current = sub.key;
        void socket.join(sub.key);
        ack!({ ok: true, data: sub.snapshot });
      },
    },
    log,
  );

  guardedHandler<undefined>(
    socket,
    'resync',
    {
      ack: 'required',
      bucket: view,
      run(_none, ack) {
        const snap = current ? deps.resync(current) : null;
        if (!snap)
          return ack!({
            ok: false,
            error: 'not_subscribed',
            message: 'subscribe to a scope first',
          });
        ack!({ ok: true, data: snap });
      },
    },
    log,
  );

  attachBriefingEvents(
    socket,
    deps.briefings,
    tokenBucket(BRIEFING_BURST, BRIEFING_PER_SECOND, deps.now),
    log,
  );
}
