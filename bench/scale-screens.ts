// bench:scale's screens process: SCALE_SCREENS socket.io clients that behave like client/live
// (subscribe on every connect, resync on a sequence gap, socket.io's back-off with the wall's
// settings), half on the district, a quarter on streets, a quarter on communities. It measures how
// long a write took to reach each wall (the send time rides in the problem id), counts events a
// wall never got, and after a restart how long every wall took to hold a fresh snapshot.
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  Delta,
  GeoBundle,
  RegionRef,
  ServerToClientEvents,
  Snapshot,
} from '../shared/protocol';
import { RECONNECT, SOCKET_PATH } from '../shared/protocol';
import { parentChannel, sentAtOf, type Message } from './scale-ipc';
import { latencyHistogram } from './scale-histogram';

type Sock = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Screen {
  socket: Sock;
  scope: RegionRef;
  seq: number;
  subscribed: boolean;
  seen: number;
  gaps: number;
  /** Epoch ms of the first fresh snapshot after the mark (restart). */
  resyncedAt: number | null;
}

export interface LatencyFigures extends Message {
  type: 'latency';
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveries: number;
  /** Events a wall should have shown and never got, over all walls. */
  missed: number;
  screensMissing: number;
  gaps: number;
  /** Share of one core this process was busy while measuring: near 1, its own decoding queued. */
  cpuShare: number;
}

export interface ResyncFigures extends Message {
  type: 'resynced';
  /** Epoch ms each wall held its fresh snapshot, for the walls that did. */
  at: number[];
  missing: number;
}

const screens: Screen[] = [];
const hist = latencyHistogram();
let prefix: string | null = null;
let marked = false;
let cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
const parent = parentChannel();

function scopesOf(geo: GeoBundle): {
  scopes: (i: number) => RegionRef;
  lineage: Map<string, string[]>;
} {
  const props = geo.regions.features.map((f) => f.properties);
  const of = (level: string) => props.filter((p) => p.level === level).map((p) => p.id);
  const district = of('district')[0]!;
  const streets = of('street');
  const communities = of('community');
  const parent = new Map(props.map((p) => [p.id, p.parentId]));
  const lineage = new Map<string, string[]>();
  for (const g of of('grid')) {
    const chain: string[] = [];
    for (let id: string | null | undefined = g; id; id = parent.get(id)) chain.push(id);
    lineage.set(g, chain);
  }
  const scopes = (i: number): RegionRef =>
    i % 4 === 1
      ? { level: 'street', id: streets[(i >> 2) % streets.length]! }
      : i % 4 === 3
        ? { level: 'community', id: communities[(i >> 2) % communities.length]! }
        : { level: 'district', id: district };
  return { scopes, lineage };
}

function checkResynced(): void {
  if (!marked || screens.some((s) => s.resyncedAt === null)) return;
  marked = false;
  parent.reply(resyncFigures());
}

function resyncFigures(): ResyncFigures {
  const at = screens.flatMap((s) => (s.resyncedAt === null ? [] : [s.resyncedAt]));
  return { type: 'resynced', at, missing: screens.length - at.length };
}

function open(url: string, scope: RegionRef): Promise<Screen> {
  const socket: Sock = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    ...RECONNECT,
  });
  const s: Screen = {
    socket,
    scope,
    seq: 0,
    subscribed: false,
    seen: 0,
    gaps: 0,
    resyncedAt: null,
  };
  return new Promise((ok) => {
    const onSnapshot = (snap: Snapshot) => {
      s.seq = snap.seq;
      if (!s.subscribed) ok(s);
      s.subscribed = true;
      if (marked && s.resyncedAt === null) {
        s.resyncedAt = Date.now();
        checkResynced();
      }
    };
    const subscribe = () =>
      socket.emit('subscribe', scope, (res) => {
        if (res.ok) onSnapshot(res.data);
        else if (res.error === 'rate_limited') setTimeout(subscribe, 1000);
        else console.error(`screens: subscribe ${scope.level} ${scope.id}: ${res.message}`);
      });
    socket.on('connect', subscribe);
    socket.on('delta', (d: Delta) => {
      if (d.seq !== s.seq + 1) {
        s.gaps += 1;
        socket.emit('resync', (res) => res.ok && (s.seq = res.data.seq));
        return;
      }
      s.seq = d.seq;
      if (!prefix || !d.events) return;
      const now = Date.now();
      for (const e of d.events)
        if (e.kind === 'reported' && e.problemId.startsWith(prefix)) {
          hist.add(now - sentAtOf(e.problemId));
          s.seen += 1;
        }
    });
  });
}

parent.on(async (m) => {
  if (m.type === 'connect') {
    const { url, count } = m as Message & { url: string; count: number };
    const geo = (await (await fetch(`${url}/api/geo`)).json()) as GeoBundle;
    const { scopes } = scopesOf(geo);
    const t0 = performance.now();
    // In waves, as walls switched on across a city would; a wave waits for its snapshots.
    for (let i = 0; i < count; i += 100) {
      const wave = Array.from({ length: Math.min(100, count - i) }, (_, k) =>
        open(url, scopes(i + k)),
      );
      screens.push(...(await Promise.all(wave)));
    }
    parent.reply({ type: 'connected', seconds: (performance.now() - t0) / 1000 });
  } else if (m.type === 'measure') {
    prefix = (m as Message & { prefix: string }).prefix;
    hist.reset();
    for (const s of screens) s.seen = s.gaps = 0;
    cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
  } else if (m.type === 'expect') {
    const { url, ackedByGrid } = m as Message & {
      url: string;
      ackedByGrid: Record<string, number>;
    };
    const geo = (await (await fetch(`${url}/api/geo`)).json()) as GeoBundle;
    const { lineage } = scopesOf(geo);
    const expected = new Map<string, number>();
    for (const [grid, n] of Object.entries(ackedByGrid))
      for (const id of lineage.get(grid) ?? []) expected.set(id, (expected.get(id) ?? 0) + n);
    let missed = 0;
    let screensMissing = 0;
    for (const s of screens) {
      const lost = Math.max(0, (expected.get(s.scope.id) ?? 0) - s.seen);
      missed += lost;
      if (lost > 0) screensMissing += 1;
    }
    prefix = null;
    const used = process.cpuUsage(cpuFrom.usage);
    const figures: LatencyFigures = {
      type: 'latency',
      p50Ms: hist.quantile(0.5),
      p99Ms: hist.quantile(0.99),
      maxMs: hist.max(),
      deliveries: hist.count(),
      missed,
      screensMissing,
      gaps: screens.reduce((a, s) => a + s.gaps, 0),
      cpuShare: (used.user + used.system) / 1000 / (performance.now() - cpuFrom.at),
    };
    parent.reply(figures);
  } else if (m.type === 'mark') {
    for (const s of screens) s.resyncedAt = null;
    marked = true;
  } else if (m.type === 'resync-report') {
    marked = false;
    parent.reply(resyncFigures());
  }
});
