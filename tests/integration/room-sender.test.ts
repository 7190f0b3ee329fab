// The hub's sliced room broadcast (server/hub/room-sender.ts) on a real socket.io server with real
// clients: every screen gets every delta once and in order, however the slices fall; a large room
// takes several turns of the event loop; who left the room before their slice gets nothing.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import type { Delta } from '../../shared/protocol';
import { roomSender } from '../../server/hub/room-sender';

let http: HttpServer;
let io: Server;
let clients: ClientSocket[] = [];

beforeEach(async () => {
  http = createServer();
  io = new Server(http);
  io.on('connection', (s) => void s.join(s.handshake.query.room as string));
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
});
afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await new Promise<void>((ok) => void io.close(() => ok()));
});

const delta = (seq: number): Delta => ({ seq, asOf: '', scope: { level: 'district', id: 'd' } });

/** `n` screens in `room`, each keeping the seqs it received. */
async function screens(n: number, room: string) {
  const { port } = http.address() as AddressInfo;
  const list = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<{ socket: ClientSocket; seqs: number[] }>((ok) => {
          const socket = ioClient(`http://127.0.0.1:${port}`, {
            query: { room },
            transports: ['websocket'],
          });
          clients.push(socket);
          const seqs: number[] = [];
          socket.on('delta' as never, (d: Delta) => void seqs.push(d.seq));
          socket.on('connect', () => ok({ socket, seqs }));
        }),
    ),
  );
  // The join happens in the server's connection handler; wait until every socket is in.
  await vi.waitFor(() => expect(io.sockets.adapter.rooms.get(room)?.size).toBe(n));
  return list;
}

/** The deltas' broadcasts (one per slice) through the in-memory adapter, as the sockets each reached. */
function broadcasts() {
  const spy = vi.spyOn(io.sockets.adapter, 'broadcast');
  const rooms = io.sockets.adapter.rooms;
  const sizes = () =>
    spy.mock.calls
      .filter(([p]) => (p.data as unknown[])[0] === 'delta')
      .map(([, opts]) => [...opts.rooms].reduce((n, r) => n + (rooms.get(r)?.size ?? 0), 0));
  return Object.assign(() => sizes().length, { sizes });
}

describe('roomSender', () => {
  it('sends a large room in slices, each screen every delta once and in order', async () => {
    const big = await screens(35, 'big');
    const small = await screens(4, 'small');
    const count = broadcasts();
    const sender = roomSender(io as never, { slice: 10, gapMs: 0 });
    for (let seq = 1; seq <= 5; seq++) {
      sender.send('big', delta(seq));
      // Queued behind the big room's slices, so its screens' order holds too.
      sender.send('small', delta(seq));
    }
    expect(count()).toBe(0);
    const want = [1, 2, 3, 4, 5];
    await vi.waitFor(() => {
      for (const s of [...big, ...small]) expect(s.seqs).toEqual(want);
    });
    // 5 × 39 sockets written, never more than a slice of 10 in one broadcast (a slice may end
    // one delta and begin the next).
    const sizes = count.sizes();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5 * 39);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.length).toBeGreaterThanOrEqual(20);
  });

  it('lets the event loop turn between slices', async () => {
    await screens(30, 'big');
    const sender = roomSender(io as never, { slice: 10, gapMs: 0 });
    const count = broadcasts();
    const seen: number[] = [];
    sender.send('big', delta(1));
    // A callback queued after the send runs before the last slice went out.
    setImmediate(() => seen.push(count()));
    await vi.waitFor(() => expect(count()).toBe(3));
    expect(seen[0]).toBeLessThan(3);
  });

  it('sends a small room at once when nothing is queued', async () => {
    const [one] = await screens(3, 'room');
    const count = broadcasts();
    roomSender(io as never, { slice: 10, gapMs: 0 }).send('room', delta(7));
    expect(count()).toBe(1);
    await vi.waitFor(() => expect(one!.seqs).toEqual([7]));
  });

  it('skips a screen that left the room before its slice, and one that joined after the send', async () => {
    const list = await screens(25, 'big');
    const sender = roomSender(io as never, { slice: 10, gapMs: 0 });
    const last = list.at(-1)!;
    sender.send('big', delta(1));
    // The last screen's slice is a turn or two away: it leaves now.
    void io.sockets.sockets.get(last.socket.id!)!.leave('big');
    const [late] = await screens(1, 'elsewhere');
    void io.sockets.sockets.get(late!.socket.id!)!.join('big');
    await vi.waitFor(() => {
      for (const s of list.slice(0, -1)) expect(s.seqs).toEqual([1]);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(last.seqs).toEqual([]);
    expect(late!.seqs).toEqual([]);
  });

  it("keeps each socket's deltas a gap apart, whichever slice it is in", async () => {
    const list = await screens(25, 'big');
    const gapMs = 60;
    const adapter = io.sockets.adapter;
    const broadcast = adapter.broadcast.bind(adapter);
    /** Per socket, when each delta went out to it. */
    const sentAt = new Map<string, number[]>();
    // The first delta's slices take 3 ms to reach the adapter (a busy turn, a GC under load):
    // the gap must count from when a slice went out, not from when the sender decided to send.
    let calls = 0;
    vi.spyOn(adapter, 'broadcast').mockImplementation((packet, opts) => {
      if (calls++ < 3) for (const until = performance.now() + 3; performance.now() < until;);
      const at = performance.now();
      for (const room of opts.rooms)
        for (const id of adapter.rooms.get(room) ?? [])
          sentAt.set(id, [...(sentAt.get(id) ?? []), at]);
      broadcast(packet, opts);
    });
    const sender = roomSender(io as never, { slice: 10, gapMs });
    sender.send('big', delta(1));
    // The next flushes come sooner than the gap (as a slice can fall later in one flush).
    await new Promise((r) => setTimeout(r, 5));
    sender.send('big', delta(2));
    sender.send('big', delta(3));
    await vi.waitFor(() => {
      for (const s of list) expect(s.seqs).toEqual([1, 2, 3]);
    });
    expect(sentAt.size).toBe(25);
    for (const times of sentAt.values()) {
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(gapMs);
    }
  });

  it('sends a small room at once when its screens had no delta yet, and waits when they just did', async () => {
    const [one] = await screens(3, 'room');
    const count = broadcasts();
    const sender = roomSender(io as never, { slice: 10, gapMs: 100 });
    sender.send('room', delta(1));
    expect(count()).toBe(1);
    sender.send('room', delta(2));
    expect(count()).toBe(1);
    await vi.waitFor(() => expect(one!.seqs).toEqual([1, 2]));
  });

  it('drops what is queued on close', async () => {
    const list = await screens(25, 'big');
    const sender = roomSender(io as never, { slice: 10, gapMs: 0 });
    sender.send('big', delta(1));
    sender.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(list.every((s) => s.seqs.length === 0)).toBe(true);
  });
});
