// Long work on the main thread in turns: once it has held the event loop `turnMs`, it lets the
// loop run (sockets, requests, the hub's ticks) before it goes on. Checked per item, so a slow
// machine gets shorter slices rather than longer holds.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one turn of such work may hold the loop, in ms (the rule is 50 ms for everything). */
export const TURN_MS = 10;

export interface LoopTurns {
  /** Whether this turn has held the loop its share. */
  due(): boolean;
  /** Lets the loop run once, and starts a new turn. */
  turn(): Promise<void>;
}

export function loopTurns(turnMs = TURN_MS): LoopTurns {
  let since = performance.now();
  return {
    due: () => performance.now() - since >= turnMs,
    async turn() {
      await nextTurn();
      since = performance.now();
    },
  };
}
