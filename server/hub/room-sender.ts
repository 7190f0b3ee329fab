// A room's delta goes out a slice of sockets per turn of the event loop. socket.io writes a room
// broadcast to every socket in one synchronous loop: about 20 µs a socket here, so 30-45 ms for
// the 2,000 walls of bench:scale, on top of the flush's own work, and the event loop stood still
// 85-150 ms at 10 writes/s (writes, pings and health checks waited behind it). A slice is one
// broadcast to that slice's socket ids (each socket is a room of its own), so a delta is still
// encoded once per slice, not once per socket.
//
// Order: slices go out from one queue, so every socket gets a room's deltas in their seq order
// whatever the flushes' pace; and the hub counts the gap to its next flush from the last slice
// (afterSends), so no wall gets two deltas closer than the batch interval. Membership is read as the flush ends: a screen that subscribes
// later has the delta in its snapshot already (the room's seq moved), and one that left the room
// meanwhile is skipped, so it never sees a delta of a scope it no longer shows.
import type { Server } from 'socket.io';
import type { ClientToServerEvents, Delta, ServerToClientEvents } from '../../shared/protocol';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;

/** Sockets written per turn: ≈ 5 ms of the loop at 20 µs a socket. */
export const SLICE_SOCKETS = 256;

interface Job {
  key: string;
  delta: Delta;
  ids: string[];
  /** How many of ids went out already. */
  at: number;
}

export interface RoomSender {
  send(key: string, delta: Delta): void;
  /** Calls done once everything sent so far went out (at once when nothing is queued). */
  afterSends(done: () => void): void;
  /** Drops what is still queued (the server is closing; screens resync when they reconnect). */
  close(): void;
}

export function roomSender(io: IO, slice = SLICE_SOCKETS): RoomSender {
  const rooms = io.sockets.adapter.rooms;
  const queue: Job[] = [];
  let next: NodeJS.Immediate | null = null;
  let drained: Array<() => void> = [];

  function pump(): void {
    next = null;
    let budget = slice;
    while (budget > 0 && queue.length > 0) {
      const job = queue[0]!;
      const members = rooms.get(job.key);
      const ids = job.ids.slice(job.at, job.at + budget);
      job.at += ids.length;
      budget -= ids.length;
      const still = members ? ids.filter((id) => members.has(id)) : [];
      if (still.length > 0) io.local.to(still).emit('delta', job.delta);
      if (job.at >= job.ids.length) queue.shift();
    }
    if (queue.length > 0) next = setImmediate(pump);
    else {
      const waiting = drained;
      drained = [];
      for (const done of waiting) done();
    }
  }

  return {
    send(key, delta) {
      const members = rooms.get(key);
      if (!members || members.size === 0) return;
      // A small room with nothing queued before it: at once, as one broadcast.
      if (queue.length === 0 && members.size <= slice) {
        io.local.to(key).emit('delta', delta);
        return;
      }
      queue.push({ key, delta, ids: [...members], at: 0 });
      next ??= setImmediate(pump);
    },
    afterSends(done) {
      if (queue.length === 0) done();
      else drained.push(done);
    },
    close() {
      queue.length = 0;
      drained = [];
      if (next) clearImmediate(next);
      next = null;
    },
  };
}
