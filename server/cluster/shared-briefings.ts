// Briefings across nodes: a presenter's step is broadcast to the room by the adapter, and the
// node that took it also tells the other nodes, so a wall joining (or reloading) on any node finds
// the briefing and every node holds the frozen moment its walls will ask GET /api/snapshot?at= for.
import type { Server } from 'socket.io';
import type {
  BriefingState,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../shared/protocol';
import { BriefingStateSchema } from '../schemas/socket';
import { payloadProblem } from '../socket/guarded-handler';
import type { Briefings } from '../socket/briefings';

export interface PeerEvents {
  'briefing:adopt': (state: BriefingState) => void;
}

export function sharedBriefings(
  io: Server<ClientToServerEvents, ServerToClientEvents, PeerEvents>,
  briefings: Briefings,
  log: { warn(obj: object, msg: string): void },
): void {
  io.on('briefing:adopt', (state: unknown) => {
    // Only our own nodes write to the channel; a mismatch means another version is running.
    const problem = payloadProblem(BriefingStateSchema, state, 'briefing');
    if (problem) return log.warn({ problem }, 'ignored a briefing step from another node');
    briefings.adopt(state as BriefingState);
  });
}
