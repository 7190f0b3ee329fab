// The briefing messages a socket may send: join a briefing's room (walls and presenter) and go to
// a scene (presenter only, checked in briefings.ts). A socket is in at most MAX_BRIEFING_ROOMS
// briefing rooms, so joining cannot grow the server's room table without bound.
import type { Socket } from 'socket.io';
import type { BriefingGoto } from '../../shared/protocol';
import { BriefingGotoSchema, BriefingIdSchema } from '../schemas/socket';
import { guardedHandler, type SocketLog } from './guarded-handler';
import type { Bucket } from './token-bucket';
import type { Briefings } from './briefings';

/** A wall and its presenter are in one briefing; a few leave room for a changed ?briefing=. */
export const MAX_BRIEFING_ROOMS = 4;

const tooMany = {
  ok: false as const,
  error: 'too_many_rooms',
  message: `a screen may be in at most ${MAX_BRIEFING_ROOMS} briefings; reload it`,
};

export function attachBriefingEvents(
  socket: Socket,
  briefings: Briefings,
  bucket: Bucket,
  log: SocketLog,
): void {
  const rooms = new Set<string>();
  /** Joins a briefing room unless this socket is in too many already. */
  function join(id: string): boolean {
    const room = `briefing:${id}`;
    if (!rooms.has(room)) {
      if (rooms.size >= MAX_BRIEFING_ROOMS) return false;
      rooms.add(room);
      void socket.join(room);
    }
    return true;
  }

  guardedHandler<string>(
    socket,
    'briefing:join',
    {
      payload: { schema: BriefingIdSchema, name: 'briefingId' },
      ack: 'required',
      bucket,
      run(id, ack) {
        if (!join(id)) return ack!(tooMany);
        ack!({ ok: true, data: briefings.get(id) });
      },
    },
    log,
  );

  guardedHandler<BriefingGoto>(
    socket,
    'briefing:goto',
    {
      payload: { schema: BriefingGotoSchema, name: 'briefing' },
      ack: 'optional',
      bucket,
      async run(msg, ack) {
        if (!join(msg.briefingId)) return ack?.(tooMany);
        const res = await briefings.goto(msg);
        if ('error' in res) return ack?.({ ok: false, ...res });
        socket.to(`briefing:${res.briefingId}`).emit('briefing:state', res);
        ack?.({ ok: true, data: res });
      },
    },
    log,
  );
}
