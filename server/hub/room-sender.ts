// A room's delta goes out a slice of sockets per turn of the event loop. socket.io writes a room
// broadcast to every socket in one synchronous loop: about 20 µs a socket here, so 30-45 ms for
// the 2,000 walls of bench:scale, on top of the flush's own work, and the event loop stood still
// 85-150 ms at 10 writes/s (writes, pings and health checks waited behind it). A slice is one
// broadcast to that slice's socket ids (each socket is a room of its own), so a delta is still
// encoded once per slice, not once per socket.
//
// Order: slices go out from one queue, so every socket gets a room's deltas in their seq order
// whatever the flushes' pace. Membership is read as the flush ends: a screen that subscribes
// later has the delta in its snapshot already (the room's seq moved), and one that left the room
// meanwhile is skipped, so it never sees a delta of a scope it no longer shows.
//
// Spacing: no socket gets two deltas less than `gapMs` apart. The hub's flushes are that far
// apart, but a slice may go out later in one flush than in the next (the loop was busier): the
// slice then waits until each of its sockets' last delta is a gap old, rather than every wall
// waiting for the last slice of the last delta.
import type { Server } from 'socket.io';
import type { ClientToServerEvents, Delta, ServerToClientEvents } from '../../shared/protocol';
import { afterWait, type Pending } from './after-wait';

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

export interface RoomSenderOptions {
  /** Least time between two deltas to one socket (the hub's batch interval). */
  gapMs: number;
  slice?: number;
  /** Monotonic milliseconds. */
  clock?: () => number;
}

export interface RoomSender {
  send(key: string, delta: Delta): void;
  /** Drops what is still queued (the server is closing; screens resync when they reconnect). */
  close(): void;
}

export function roomSender(io: IO, opts: RoomSenderOptions): RoomSender {
  const { gapMs, slice = SLICE_SOCKETS } = opts;
  const clock = opts.clock ?? (() => performance.now());
  const rooms = io.sockets.adapter.rooms;
  const sockets = io.sockets.sockets;
  /** When each socket was last sent a delta (gone with the socket). */
  const lastAt = new WeakMap<object, number>();
  const queue: Job[] = [];
  let next: Pending | null = null;

  /** When every one of `ids` may have its next delta. */
  function readyAt(ids: Iterable<string>): number {
    let at = -Infinity;
    for (const id of ids) {
      const s = sockets.get(id);
      const t = s && lastAt.get(s);
      if (t !== undefined && t + gapMs > at) at = t + gapMs;
    }
    return at;
  }

  function emit(to: string | string[], ids: Iterable<string>, delta: Delta): void {
    io.local.to(to).emit('delta', delta);
    // Read after the broadcast, not before: the gap then holds from when the slice really went
    // out, whatever the broadcast itself took (CI once saw two 59.8 ms apart with a 60 ms gap).
    const now = clock();
    for (const id of ids) {
      const s = sockets.get(id);
      if (s) lastAt.set(s, now);
    }
  }

  const later = (ms: number) => void (next = afterWait(ms, pump));

  function pump(): void {
    next = null;
    let budget = slice;
    while (budget > 0 && queue.length > 0) {
      const job = queue[0]!;
      const members = rooms.get(job.key);
      const ids = job.ids.slice(job.at, job.at + budget);
      const still = members ? ids.filter((id) => members.has(id)) : [];
      const now = clock();
      const wait = readyAt(still) - now;
      if (wait > 0) return later(wait);
      job.at += ids.length;
      budget -= ids.length;
      if (still.length > 0) emit(still, still, job.delta);
      if (job.at >= job.ids.length) queue.shift();
    }
    if (queue.length > 0) later(0);
  }

  return {
    send(key, delta) {
      const members = rooms.get(key);
      if (!members || members.size === 0) return;
      // A small room with nothing queued before it, its walls a gap past their last delta: at
      // once, as one broadcast.
      const now = clock();
      if (queue.length === 0 && members.size <= slice && readyAt(members) <= now) {
        emit(key, members, delta);
        return;
      }
      queue.push({ key, delta, ids: [...members], at: 0 });
      if (!next) later(0);
    },
    close() {
      queue.length = 0;
      next?.cancel();
      next = null;
    },
  };
}
