// Socket messages for the fuzz suite: for every client event of shared/protocol.ts, valid,
// near-valid and hostile arguments with a real, a missing or a non-function ack; and raw
// engine.io / socket.io frames no well-behaved client would send.
import fc from 'fast-check';
import type { ClientToServerEvents } from '../../shared/protocol';
import { TINY_DISTRICT_ID, TINY_STREET_IDS, tinyGridIds } from '../fixtures/tiny-dataset';
import { deepJson, hostileValue, nastyString, FAR_DATES } from './hostile';

export type ClientEvent = keyof ClientToServerEvents;
/** Every client event with the number of arguments it takes before its ack. */
export const CLIENT_EVENTS: Record<ClientEvent, number> = {
  subscribe: 1,
  resync: 0,
  'briefing:goto': 1,
  'briefing:join': 1,
};

export interface SocketMsg {
  event: ClientEvent;
  args: unknown[];
  /** Whether a real ack function goes last (socket.io sends it as an ack id). */
  ack: boolean;
}

const GRIDS = tinyGridIds();
const scope = fc.oneof(
  fc.constant({ level: 'district', id: TINY_DISTRICT_ID }),
  fc.constantFrom(...TINY_STREET_IDS).map((id) => ({ level: 'street', id })),
  fc.constantFrom(...GRIDS).map((id) => ({ level: 'grid', id })),
);
const recentIso = fc
  .integer({ min: 0, max: 40 * 24 * 60 })
  .map((min) => new Date(Date.now() - min * 60_000).toISOString());
const briefingId = fc.oneof(
  fc.constantFrom('default', 'fz-a', 'fz-b'),
  fc.nat(200).map((n) => `fz-${n}`),
);
const briefingState = fc.record({
  briefingId,
  sceneIndex: fc.nat(20),
  frozenAt: fc.oneof(recentIso, fc.constantFrom(...FAR_DATES)),
  startedAt: recentIso,
});

const VALID: Record<ClientEvent, fc.Arbitrary<unknown[]>> = {
  subscribe: scope.map((s) => [s]),
  resync: fc.constant([]),
  'briefing:goto': briefingState.map((s) => [s]),
  'briefing:join': briefingId.map((id) => [id]),
};

function nearValid(args: fc.Arbitrary<unknown[]>): fc.Arbitrary<unknown[]> {
  return fc.tuple(args, fc.nat(), hostileValue).map(([a, i, junk]) => {
    const first = a[0];
    if (first && typeof first === 'object') {
      const keys = Object.keys(first);
      return [{ ...first, [keys[i % keys.length]!]: junk }, ...a.slice(1)];
    }
    return a.length ? [junk] : [junk];
  });
}

const binary = fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u));
const hostileArgs = fc.array(
  fc.oneof({ weight: 5, arbitrary: hostileValue }, { weight: 1, arbitrary: binary }),
  {
    maxLength: 3,
  },
);
const nonFunction = fc.oneof(
  fc.constantFrom(0, 1, 'ack', true, false, {}, [], null),
  nastyString,
  binary,
);

export function socketMsg(event: ClientEvent): fc.Arbitrary<SocketMsg> {
  const args = fc.oneof(
    { weight: 3, arbitrary: VALID[event] },
    { weight: 3, arbitrary: nearValid(VALID[event]) },
    { weight: 3, arbitrary: hostileArgs },
  );
  return fc
    .tuple(args, fc.constantFrom('function', 'none', 'non-function'), nonFunction)
    .map(([a, how, junk]) => ({
      event,
      // A non-function "ack" is just one more argument where the handler expects its ack.
      args: how === 'non-function' ? [...a.slice(0, CLIENT_EVENTS[event]), junk] : a,
      ack: how === 'function',
    }));
}

/** A right-sized message with an ack must be answered, and in the ack shape. */
export function expectsAnswer(m: SocketMsg): boolean {
  return m.ack && m.args.length === CLIENT_EVENTS[m.event];
}

export function ackProblem(res: unknown): string | null {
  const r = res as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return `ack is not an object: ${String(res)}`;
  if (r.ok === true) return 'data' in r ? null : 'ok ack without data';
  if (r.ok === false)
    return typeof r.error === 'string' && typeof r.message === 'string'
      ? null
      : `error ack without string error/message: ${JSON.stringify(r).slice(0, 200)}`;
  return `ack without ok: ${JSON.stringify(r).slice(0, 200)}`;
}

// ---------- raw frames ----------

const EVENT_NAMES = [
  ...Object.keys(CLIENT_EVENTS),
  'connect',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  '__proto__',
  'constructor',
  'delta',
  '',
];

export interface RawFrame {
  data: string | Buffer;
  what: string;
}

const json = (v: unknown) => JSON.stringify(v) ?? 'null';
const sioEvent = fc
  .tuple(fc.constantFrom(...EVENT_NAMES), fc.array(hostileValue, { maxLength: 3 }))
  .map(([e, args]) => json([e, ...args]));
const ackId = fc.oneof(
  fc.constant(''),
  fc.nat(1000).map(String),
  fc.constantFrom('9'.repeat(20), '9'.repeat(400), '-1', '1.5', '1e9', '00'),
);

/** Raw engine.io text frames ('4' = message, carrying a socket.io packet) and binary frames. */
export const rawFrame: fc.Arbitrary<RawFrame> = fc.oneof(
  fc.tuple(ackId, sioEvent).map(([id, ev]) => ({ data: `42${id}${ev}`, what: 'event' })),
  fc.tuple(ackId, fc.constantFrom(...Object.keys(CLIENT_EVENTS))).map(([id, e]) => ({
    data: `42${id}["${e}",${'{"level":"grid","id":"x"},'.repeat(3)}1`,
    what: 'truncated JSON',
  })),
  fc
    .constantFrom(
      '42',
      '42[]',
      '42[1]',
      '42[null]',
      '42{"a":1}',
      '42"subscribe"',
      '42["subscribe"',
      '42["subscribe",]',
      '42[NaN]',
      '4',
      '40',
      '40{"token":1}',
      '41',
      '43',
      '43999[]',
      '44{"message":"x"}',
      '451-["subscribe",{"_placeholder":true,"num":0}]',
      '452-["subscribe",{"_placeholder":true,"num":5}]',
      `45${'9'.repeat(12)}-["resync"]`,
      '46',
      '47',
      '49',
      '42/admin,["subscribe",{}]',
      '42/,["resync"]',
      '42/nsp,1["resync"]',
      '0',
      '1',
      '2',
      '2probe',
      '3',
      '5',
      '6',
      '7',
      '9',
      '',
      'x',
    )
    .map((data) => ({ data, what: 'odd packet' })),
  nastyString.map((data) => ({ data, what: 'text' })),
  fc.uint8Array({ maxLength: 256 }).map((u) => ({ data: Buffer.from(u), what: 'binary' })),
  fc
    .constantFrom(10, 1_000, 5_000)
    .chain((d) =>
      fc.constantFrom(
        { data: `42["subscribe",${deepJson(d)}]`, what: `deep ${d} without ack` },
        { data: `42["briefing:goto",${deepJson(d, 'object')}]`, what: `deep ${d} goto` },
        { data: `421["briefing:join",${deepJson(d)}]`, what: `deep ${d} join` },
      ),
    ),
  fc.constant({ data: `42["resync"${' '.repeat(1_100_000)}]`, what: 'over maxHttpBufferSize' }),
);

/**
 * A subscribe with an ack and a scope nested thousands of arrays deep: it used to throw a stack
 * overflow while the error message was built (JSON.stringify), ending the process (issue 13).
 */
export const DEEP_SUBSCRIBE: RawFrame = {
  data: `421["subscribe",${deepJson(200_000)}]`,
  what: 'subscribe 200,000 arrays deep with ack',
};
