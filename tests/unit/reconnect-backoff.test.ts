// The walls' reconnection back-off (RECONNECT, shared/protocol.ts) as socket.io-client's own
// Manager computes it: never a wait over the 5 s cap, whatever the jitter, so every wall tries
// again within 5 s of a restarted server answering; and the first tries come soon, but spread.
import { describe, expect, it } from 'vitest';
import { Manager } from 'socket.io-client';
import { RECONNECT } from '../../shared/protocol';

/** The waits a fresh Manager would take between failed attempts, in order. */
function waits(attempts: number): number[] {
  const m = new Manager('http://127.0.0.1:9', { autoConnect: false, ...RECONNECT });
  const backoff = (m as unknown as { backoff: { duration(): number } }).backoff;
  return Array.from({ length: attempts }, () => backoff.duration());
}

describe('reconnection back-off', () => {
  it('never waits more than 5 s, however many attempts failed', () => {
    for (let run = 0; run < 200; run++) expect(Math.max(...waits(30))).toBeLessThanOrEqual(5000);
  });

  it('tries again within 0.5-1.5 s the first time, and spreads the walls out', () => {
    const firsts = Array.from({ length: 500 }, () => waits(1)[0]!);
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...firsts)).toBeLessThanOrEqual(1500);
    // 2,000 walls must not knock in the same instant: the first waits cover most of the second.
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(800);
  });
});
