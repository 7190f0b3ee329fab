// Briefings across nodes. A presenter's step is broadcast to the room by the adapter; the node
// that took it also tells the other nodes (so a wall joining or reloading on any node finds the
// briefing, and every node holds the frozen moment its walls ask GET /api/snapshot?at= for) and
// keeps it in Redis until it goes stale, so a node that starts, or gets Redis back, mid-briefing
// learns the briefings it missed. Redis stays a cache: after a Redis restart the nodes write
// their briefings back.
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import {
  BRIEFING_STALE_MS,
  type BriefingState,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { BriefingStateSchema } from '../schemas/socket';
import { payloadProblem } from '../socket/guarded-handler';
import type { Briefings } from '../socket/briefings';

export interface PeerEvents {
  'briefing:adopt': (state: BriefingState) => void;
}

interface Link {
  redis: Redis;
  onReady(fn: () => void): void;
}

const KEY = 'screen:briefing:';

export function sharedBriefings(
  io: Server<ClientToServerEvents, ServerToClientEvents, PeerEvents>,
  briefings: Briefings,
  link: Link,
  log: { warn(obj: object, msg: string): void },
  now: () => number,
) {
  /** A state from another node or from Redis, taken only if it is one (another version?). */
  function take(state: unknown, from: string, onlyIfNew: boolean): void {
    const problem = payloadProblem(BriefingStateSchema, state, 'briefing');
    if (problem) return log.warn({ problem, from }, 'ignored a briefing state');
    const st = state as BriefingState;
    if (onlyIfNew && briefings.get(st.briefingId)) return;
    briefings.adopt(st);
  }

  /** Kept in Redis until the briefing goes stale; `NX`: only where Redis has none. */
  async function keep(state: BriefingState, onlyIfAbsent: boolean): Promise<void> {
    const ms = Date.parse(state.startedAt) + BRIEFING_STALE_MS - now();
    if (ms <= 0) return;
    const key = KEY + state.briefingId;
    const json = JSON.stringify(state);
    if (onlyIfAbsent) await link.redis.set(key, json, 'PX', ms, 'NX');
    else await link.redis.set(key, json, 'PX', ms);
  }

  /** After (re)connecting: give Redis what it lacks, take what this node lacks. */
  async function catchUp(): Promise<void> {
    for (const st of briefings.all()) await keep(st, true);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await link.redis.scan(cursor, 'MATCH', `${KEY}*`, 'COUNT', 100);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length === 0) return;
    for (const json of await link.redis.mget(keys)) {
      if (json === null) continue;
      try {
        take(JSON.parse(json), 'redis', true);
      } catch (err) {
        log.warn({ err }, 'ignored a briefing state in Redis that is not JSON');
      }
    }
  }

  io.on('briefing:adopt', (state: unknown) => take(state, 'node', false));
  link.onReady(() => {
    catchUp().catch((err: unknown) =>
      log.warn({ err }, 'briefings: catching up from Redis failed'),
    );
  });

  return {
    /** A step this node took: to the other nodes now, and to Redis for nodes yet to come. */
    share(state: BriefingState): void {
      io.serverSideEmit('briefing:adopt', state);
      keep(state, false).catch((err: unknown) =>
        log.warn({ err }, 'briefings: keeping a step in Redis failed'),
      );
    },
  };
}
