// The socket.io side: one room per scope (and per position precision). A screen subscribes and
// gets the room's last view as its snapshot (seq N); when something changes the room's view is
// recomputed and the difference goes out as delta N+1: at once after a quiet spell, at most one
// per batch interval during a burst (flush-schedule.ts). A large room's delta goes out a slice of
// sockets per turn of the event loop (room-sender.ts), each slice one broadcast: socket.io's
// in-memory adapter serialises a broadcast once for all its sockets (socket-stream.test.ts checks
// it), only framing is per socket.
// What a socket may send is in socket/socket-events.ts.
import type { Server, Socket } from 'socket.io';
import { inScope } from '../ingest/live-feed';
import type { LiveFeed } from '../ingest/live-feed';
import type { Aggregator } from '../aggregate/aggregator';
import type {
  ClientToServerEvents,
  LiveEvent,
  RegionBrief,
  RegionRef,
  ScopeView,
  ServerToClientEvents,
  Snapshot,
} from '../../shared/protocol';
import { localIso } from '../metrics/time';
import { buildView, changedBriefs, diffView, scopeKey } from './scope-view';
import { publicEvents, type PositionPolicy } from './public-position';
import { flushSchedule } from './flush-schedule';
import { roomSender } from './room-sender';
import { briefFilter, pickBriefs } from './region-briefs';
import { attachSocketEvents } from '../socket/socket-events';
import type { SocketLog } from '../socket/guarded-handler';
import type { Briefings } from '../socket/briefings';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  scope: RegionRef;
  /** Exact positions (a command center's screen) or the public policy's. */
  exact: boolean;
  /** Which region briefs this scope's screens get (region-briefs.ts). */
  keep: (id: string) => boolean;
  seq: number;
  asOf: string;
  view: ScopeView;
}

/** Every so often all rooms are recomputed: "today" rolls over and open problems turn overdue. */
const CLOCK_REFRESH_MS = 30_000;

export interface HubDeps {
  agg: Aggregator;
  feed: LiveFeed;
  now: () => number;
  /** Least time between two deltas of a room; also how often unsignalled changes are looked for. */
  batchMs: number;
  log: SocketLog;
  briefings: Briefings;
  positions: PositionPolicy;
  /** Whether a socket's token lets it see exact positions. */
  exactFor(socket: Socket): boolean;
}

export function createHub(io: IO, deps: HubDeps) {
  const { agg, feed, now } = deps;
  const rooms = new Map<string, Room>();
  let briefs: Record<string, RegionBrief> = agg.briefs();
  /** Changes went by while no screen watched: `briefs` is read afresh before a room uses it. */
  let briefsStale = false;
  let cursor = feed.cursor;
  let lastClock = now();
  const sender = roomSender(io, { gapMs: deps.batchMs });

  const policy = (exact: boolean): PositionPolicy => (exact ? 'exact' : deps.positions);
  const events = (list: LiveEvent[], exact: boolean) =>
    publicEvents(list, policy(exact), agg.index);
  const viewOf = (scope: RegionRef, exact: boolean, regionBriefs = briefs): ScopeView => {
    const v = buildView(scope, agg, feed, pickBriefs(regionBriefs, briefFilter(scope, agg.index)));
    return { ...v, recentEvents: events(v.recentEvents, exact) };
  };
  const keyOf = (scope: RegionRef, exact: boolean) => scopeKey(scope) + (exact ? '#exact' : '');
  const validScope = (s: RegionRef) => agg.index.regions.get(s.id)?.level === s.level;
  const snapshotOf = (r: Room): Snapshot => ({ seq: r.seq, asOf: r.asOf, view: r.view });

  function room(scope: RegionRef, exact: boolean): Room {
    const key = keyOf(scope, exact);
    let r = rooms.get(key);
    if (!r) {
      if (briefsStale) {
        briefs = agg.briefs();
        briefsStale = false;
      }
      const keep = briefFilter(scope, agg.index);
      r = { scope, exact, keep, seq: 0, asOf: localIso(now()), view: viewOf(scope, exact) };
      rooms.set(key, r);
    }
    return r;
  }

  io.on('connection', (socket) =>
    attachSocketEvents(socket as unknown as Socket, {
      log: deps.log,
      now,
      briefings: deps.briefings,
      exact: (s) => deps.exactFor(s),
      subscribe: (scope, exact) => {
        if (!validScope(scope)) return null;
        const r = room(scope, exact);
        return { key: keyOf(scope, exact), snapshot: snapshotOf(r) };
      },
      resync: (key) => {
        const r = rooms.get(key);
        return r ? snapshotOf(r) : null;
      },
    }),
  );

  /** One batch: recompute what changed, send each room its delta. True when any delta went out. */
  function flush(): boolean {
    const t = now();
    const clock = t - lastClock >= CLOCK_REFRESH_MS;
    if (clock) {
      lastClock = t;
      agg.prune();
    }
    const dirty = agg.takeDirty();
    const fresh = feed.since(cursor);
    cursor = feed.cursor;
    if (!clock && dirty.size === 0 && fresh.length === 0) return false;
    for (const key of rooms.keys())
      if ((io.sockets.adapter.rooms.get(key)?.size ?? 0) === 0) rooms.delete(key);
    // No screen to send to: nothing is recomputed for nobody (a write-only node, or one whose
    // walls are all away, did it once per group commit: such a flush starts no gap). The next
    // room to open reads the briefs afresh.
    if (rooms.size === 0) {
      briefsStale = true;
      return false;
    }
    // One pass over the open problems for the whole flush (every room and brief reads it).
    const currentAll = agg.currentAll();
    const changed = changedBriefs(briefs, agg.briefs(clock ? undefined : dirty, currentAll));
    if (Object.keys(changed).length > 0) briefs = { ...briefs, ...changed };
    const asOf = localIso(t);
    let sent = false;
    for (const [key, r] of rooms) {
      const mine = fresh.filter((e) => inScope(e, r.scope, agg.index.districtId));
      const next =
        clock || dirty.has(r.scope.id) ? buildView(r.scope, agg, feed, briefs, currentAll) : r.view;
      const changedHere = pickBriefs(changed, r.keep);
      const regions =
        Object.keys(changedHere).length > 0
          ? { ...r.view.regions, ...changedHere }
          : r.view.regions;
      const d = diffView(r.view, next, changedHere, regions, events(mine, r.exact));
      if (!d) continue;
      r.seq += 1;
      r.asOf = asOf;
      r.view = d.view;
      // Sent to this node's sockets only (io.local), even when nodes are joined (REDIS_URL): each
      // node numbers its own rooms' deltas, so another node's would read as a gap or a repeat.
      sender.send(key, { ...d.delta, seq: r.seq, asOf });
      sent = true;
    }
    return sent;
  }

  // Every live event signals (the first after a quiet spell goes out within a tick); writes that
  // carry no event (volunteer hours, station visits, imports) and the clock are found by the poll.
  const schedule = flushSchedule(flush, { gapMs: deps.batchMs, pollMs: deps.batchMs });
  feed.onPush = schedule.changed;

  return {
    flush: schedule.flushNow,
    /** A fresh view of any scope (HTTP /api/snapshot, tests). */
    snapshot(scope: RegionRef, exact = false): Snapshot | null {
      if (!validScope(scope)) return null;
      const r = rooms.get(keyOf(scope, exact));
      if (r) return snapshotOf(r);
      return { seq: 0, asOf: localIso(now()), view: viewOf(scope, exact, agg.briefs()) };
    },
    close(): void {
      schedule.close();
      sender.close();
      feed.onPush = () => {};
      io.local.emit('server:closing');
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
