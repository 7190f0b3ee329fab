// The socket.io side: one room per scope. A screen subscribes and gets the room's last view as
// its snapshot (seq N); every batch interval the room's view is recomputed if anything in it
// changed and the difference goes out as delta N+1. Briefing rooms keep presenter and wall on
// the same scene.
import type { Server, Socket } from 'socket.io';
import { inScope } from '../ingest/live-feed';
import type { LiveFeed } from '../ingest/live-feed';
import type { Aggregator } from '../aggregate/aggregator';
import type {
  BriefingState,
  ClientToServerEvents,
  RegionBrief,
  RegionRef,
  ScopeView,
  ServerToClientEvents,
  Snapshot,
} from '../../shared/protocol';
import { BRIEFING_ID_PATTERN, BRIEFING_STALE_MS } from '../../shared/protocol';
import { localIso } from '../metrics/time';
import { buildView, changedBriefs, diffView, scopeKey } from './scope-view';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;
type Sock = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  scope: RegionRef;
  seq: number;
  asOf: string;
  view: ScopeView;
}

const MAX_BRIEFINGS = 50;
const MAX_SCENES = 1000;
const isoTime = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= 40 && Number.isFinite(Date.parse(v));

/** A briefing state from a socket, checked field by field; a string says what is wrong. */
export function briefingState(v: unknown): BriefingState | string {
  const m = (v ?? {}) as Partial<Record<keyof BriefingState, unknown>>;
  if (typeof m.briefingId !== 'string' || !BRIEFING_ID_PATTERN.test(m.briefingId))
    return 'briefingId must be 1–64 letters, digits, dots, dashes or underscores';
  if (
    !Number.isInteger(m.sceneIndex) ||
    (m.sceneIndex as number) < 0 ||
    (m.sceneIndex as number) >= MAX_SCENES
  )
    return `sceneIndex must be an integer from 0 to ${MAX_SCENES - 1}`;
  // A wall still running the build before startedAt existed began its briefing at the freeze.
  const startedAt = m.startedAt ?? m.frozenAt;
  if (!isoTime(m.frozenAt) || !isoTime(startedAt))
    return 'frozenAt and startedAt must be ISO date-times';
  return {
    briefingId: m.briefingId,
    sceneIndex: m.sceneIndex as number,
    frozenAt: m.frozenAt,
    startedAt,
  };
}

/** Every so often all rooms are recomputed: "today" rolls over and open problems turn overdue. */
const CLOCK_REFRESH_MS = 30_000;

export interface HubDeps {
  agg: Aggregator;
  feed: LiveFeed;
  now: () => number;
  batchMs: number;
}

export function createHub(io: IO, deps: HubDeps) {
  const { agg, feed, now } = deps;
  const rooms = new Map<string, Room>();
  const briefings = new Map<string, BriefingState>();
  let briefs: Record<string, RegionBrief> = agg.briefs();
  let cursor = feed.cursor;
  let lastClock = now();

  function room(scope: RegionRef): Room {
    const key = scopeKey(scope);
    let r = rooms.get(key);
    if (!r) {
      r = { scope, seq: 0, asOf: localIso(now()), view: buildView(scope, agg, feed, briefs) };
      rooms.set(key, r);
    }
    return r;
  }

  const snapshotOf = (r: Room): Snapshot => ({ seq: r.seq, asOf: r.asOf, view: r.view });

  function validScope(scope: unknown): scope is RegionRef {
    const s = scope as RegionRef | null;
    return !!s && typeof s.id === 'string' && agg.index.regions.get(s.id)?.level === s.level;
  }

  io.on('connection', (socket: Sock) => {
    let current: string | null = null;
    socket.on('subscribe', (scope, ack) => {
      if (typeof ack !== 'function') return;
      if (!validScope(scope))
        return ack({
          ok: false,
          error: 'unknown_scope',
          message: `no region ${JSON.stringify(scope)} in this district`,
        });
      const r = room({ level: scope.level, id: scope.id });
      const key = scopeKey(r.scope);
      if (current && current !== key) void socket.leave(current);
      current = key;
      void socket.join(key);
      ack({ ok: true, data: snapshotOf(r) });
    });
    socket.on('resync', (ack) => {
      if (typeof ack !== 'function') return;
      const r = current ? rooms.get(current) : undefined;
      if (!r)
        return ack({ ok: false, error: 'not_subscribed', message: 'subscribe to a scope first' });
      ack({ ok: true, data: snapshotOf(r) });
    });
    socket.on('briefing:join', (id, ack) => {
      if (typeof ack !== 'function') return;
      if (typeof id !== 'string' || !BRIEFING_ID_PATTERN.test(id))
        return ack({
          ok: false,
          error: 'bad_briefing_id',
          message: 'a briefing id is 1–64 letters, digits, dots, dashes or underscores',
        });
      void socket.join(`briefing:${id}`);
      ack({ ok: true, data: briefings.get(id) ?? null });
    });
    socket.on('briefing:goto', (state, ack) => {
      const s = briefingState(state);
      if (typeof s === 'string') {
        ack?.({ ok: false, error: 'bad_briefing_state', message: s });
        return;
      }
      keepBriefing(s);
      void socket.join(`briefing:${s.briefingId}`);
      socket.to(`briefing:${s.briefingId}`).emit('briefing:state', s);
      ack?.({ ok: true, data: s });
    });
  });

  /**
   * Anyone on the socket may step a briefing (the wall's own keys do), so what is kept is bounded:
   * checked fields, finished briefings dropped, and at most MAX_BRIEFINGS at once.
   */
  function keepBriefing(s: BriefingState): void {
    const t = now();
    for (const [id, b] of briefings)
      if (t - Date.parse(b.startedAt) > BRIEFING_STALE_MS) briefings.delete(id);
    briefings.delete(s.briefingId); // re-insert: the Map's order is the eviction order
    briefings.set(s.briefingId, s);
    if (briefings.size > MAX_BRIEFINGS) briefings.delete(briefings.keys().next().value!);
  }

  /** One batch: recompute what changed, send each room its delta. */
  function flush(): void {
    const t = now();
    const clock = t - lastClock >= CLOCK_REFRESH_MS;
    if (clock) {
      lastClock = t;
      agg.prune();
    }
    const dirty = agg.takeDirty();
    const events = feed.since(cursor);
    cursor = feed.cursor;
    if (!clock && dirty.size === 0 && events.length === 0) return;
    const fresh = agg.briefs(clock ? undefined : dirty);
    const changed = changedBriefs(briefs, fresh);
    if (Object.keys(changed).length > 0) briefs = { ...briefs, ...changed };
    const asOf = localIso(t);
    for (const [key, r] of rooms) {
      if ((io.sockets.adapter.rooms.get(key)?.size ?? 0) === 0) {
        rooms.delete(key);
        continue;
      }
      const mine = events.filter((e) => inScope(e, r.scope, agg.index.districtId));
      const recompute = clock || dirty.has(r.scope.id);
      const next = recompute ? buildView(r.scope, agg, feed, briefs) : r.view;
      const d = diffView(r.view, next, changed, briefs, mine);
      if (!d) continue;
      r.seq += 1;
      r.asOf = asOf;
      r.view = d.view;
      io.to(key).emit('delta', { ...d.delta, seq: r.seq, asOf });
    }
  }

  const timer = setInterval(flush, deps.batchMs);
  timer.unref();

  return {
    flush,
    /** A fresh view of any scope (HTTP /api/snapshot, tests). */
    snapshot(scope: RegionRef): Snapshot | null {
      if (!validScope(scope)) return null;
      const r = rooms.get(scopeKey(scope));
      if (r) return snapshotOf(r);
      return { seq: 0, asOf: localIso(now()), view: buildView(scope, agg, feed, agg.briefs()) };
    },
    close(): void {
      clearInterval(timer);
      io.emit('server:closing');
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
