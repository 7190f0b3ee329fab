// Snapshots of the demo district as they cross the wire: the district scope in ≤ 64 kB (it was
// 157 kB when every scope got all 1,309 region briefs), and a street or community screen still
// gets the grids its map fills (server/hub/region-briefs.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket as NetSocket } from 'node:net';
import { resolve } from 'node:path';
import { buildTestApp, listenAndConnect, type ClientSocket, type TestApp } from './build-app';
import type { RegionRef, Snapshot } from '../../shared/protocol';

const WIRE_LIMIT = 64 * 1024;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ dataDir: resolve(import.meta.dirname, '../../data/jinniu') });
});
afterAll(async () => t.close());

/** Bytes the client's TCP socket has read so far (engine.io-client's ws transport in Node). */
const bytesRead = (s: ClientSocket) =>
  (s.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket.bytesRead;

const subscribe = (s: ClientSocket, scope: RegionRef) =>
  new Promise<Snapshot>((ok, fail) =>
    s.emit('subscribe', scope, (res) => (res.ok ? ok(res.data) : fail(new Error(res.message)))),
  );

describe('snapshot size on the wire (data/jinniu)', () => {
  it('sends the district scope in ≤ 64 kB, with every street and community brief', async () => {
    const { connect } = await listenAndConnect(t.app);
    const s = await connect();
    try {
      const { index } = t.app.services;
      const district: RegionRef = { level: 'district', id: index.districtId };
      const before = bytesRead(s);
      const snap = await subscribe(s, district);
      expect(bytesRead(s) - before).toBeLessThanOrEqual(WIRE_LIMIT);
      const levels = (ids: string[]) => ids.map((id) => index.regions.get(id)?.level);
      const nonGrid = [...index.regions.values()].filter((r) => r.level !== 'grid');
      expect(Object.keys(snap.view.regions).sort()).toEqual(nonGrid.map((r) => r.id).sort());
      expect(levels(Object.keys(snap.view.regions))).not.toContain('grid');
      expect(snap).toEqual(t.app.hub.snapshot(district));

      // Drilled into a street: its own grids come with it, no one else's.
      const street = nonGrid.find((r) => r.level === 'street')!;
      const streetSnap = await subscribe(s, { level: 'street', id: street.id });
      const grids = Object.keys(streetSnap.view.regions).filter(
        (id) => index.regions.get(id)?.level === 'grid',
      );
      const expected = [...index.regions.values()].filter(
        (r) => r.level === 'grid' && index.lineage(r.id).includes(street.id),
      );
      expect(grids.length).toBeGreaterThan(0);
      expect(grids.sort()).toEqual(expected.map((r) => r.id).sort());
    } finally {
      s.close();
    }
  });
});
