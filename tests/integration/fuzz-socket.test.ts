// Fuzz of the socket: for every client event, valid, near-valid and hostile payloads with real,
// missing and non-function acks (tests/fuzz/socket-cases.ts), then raw engine.io / socket.io
// frames over the websocket. Every right-sized message with an ack is answered in the ack
// shape; afterwards the process answers, a new screen can subscribe, the store is sound and the
// running totals equal a recount. `npm run test:fuzz` sends 2,000 messages per event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ADMIN, listenAndConnect, type ClientSocket, type TestApp } from './build-app';
import { buildFuzzApp } from '../fuzz/fuzz-app';
import {
  CLIENT_EVENTS,
  DEEP_SUBSCRIBE,
  ackProblem,
  expectsAnswer,
  rawFrame,
  socketMsg,
  type ClientEvent,
} from '../fuzz/socket-cases';
import {
  domainFaults,
  prototypePolluted,
  recountDiffers,
  sqliteIntegrity,
} from '../fuzz/integrity';
import { watchEventLoop, type LoopDelay } from '../fuzz/loop-delay';
import { SEED, SOCKET_RUNS, timeoutFor } from '../fuzz/scale';
import { TINY_DISTRICT_ID } from '../fixtures/tiny-dataset';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../server/socket/socket-events';

/** socket.io's typed emit can't take generated arguments: this is the untyped view of it. */
interface LooseSocket {
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): { emit(event: string, ...args: unknown[]): void };
}
const loose = (s: ClientSocket) => s as unknown as LooseSocket;

/** The websocket under socket.io-client, for frames no client library would send. */
function rawSend(s: ClientSocket, data: string | Buffer): void {
  const engine = s.io.engine as unknown as {
    transport: { ws?: { send(d: string | Buffer): void } };
  };
  engine.transport.ws?.send(data);
}

/**
 * Does this connection still answer? (a resync is answered even when not subscribed). A frame
 * like `41` closes the namespace without telling the client, so the wait is kept short.
 */
function probe(s: ClientSocket): Promise<boolean> {
  if (!s.connected) return Promise.resolve(false);
  return new Promise((ok) => {
    const gone = () => ok(false);
    s.once('disconnect', gone);
    loose(s)
      .timeout(1_000)
      .emit('resync', (err: unknown) => {
        s.off('disconnect', gone);
        ok(!err);
      });
  });
}

/** Bytes of the socket.io text frame a message goes out as (what maxHttpBufferSize limits). */
function frameBytes(event: string, args: unknown[]): number {
  return Buffer.byteLength(`421${JSON.stringify([event, ...args])}`);
}

interface EventStats {
  sent: number;
  answered: number;
  reconnects: number;
}

describe('socket fuzz', () => {
  let t: TestApp;
  let connect: () => Promise<ClientSocket>;
  const open: ClientSocket[] = [];
  const stats = new Map<string, EventStats>();
  const delays = new Map<string, LoopDelay>();
  const fresh = async () => {
    const s = await connect();
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await buildFuzzApp();
    ({ connect } = await listenAndConnect(t.app));
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await t?.close();
    const lines = [...stats].map(([e, s]) => {
      const d = delays.get(e);
      return (
        `${e}: ${s.sent} sent, ${s.answered} answered, ${s.reconnects} reconnects, ` +
        `event loop p99 ${d?.p99Ms} ms, max ${d?.maxMs} ms`
      );
    });
    const p99 = Math.max(...[...delays.values()].map((d) => d.p99Ms));
    const max = Math.max(...[...delays.values()].map((d) => d.maxMs));
    console.log(
      `fuzz socket (seed ${SEED}):\n  ${lines.join('\n  ')}\n  event loop p99 ${p99} ms, max ${max} ms`,
    );
  });

  const events = Object.keys(CLIENT_EVENTS) as ClientEvent[];
  it.each(events)(
    `answers ${SOCKET_RUNS} generated %s messages, never throws`,
    async (event) => {
      const loop = watchEventLoop();
      const msgs = fc.sample(socketMsg(event), {
        numRuns: SOCKET_RUNS,
        seed: SEED + events.indexOf(event),
      });
      const s: EventStats = { sent: 0, answered: 0, reconnects: 0 };
      const problems: string[] = [];
      let sock = await fresh();
      for (let i = 0; i < msgs.length; i += 50) {
        const pending: Array<Promise<void>> = [];
        const unanswered: string[] = [];
        for (const m of msgs.slice(i, i + 50)) {
          s.sent++;
          // A message over the frame limit closes its connection by design: send it on a socket
          // of its own, so the messages after it in this batch still reach the server.
          // (The estimate counts binary attachments as JSON, so some such messages are in fact
          // legal: the server may answer them, and that socket is closed here either way.)
          if (frameBytes(m.event, m.args) > MAX_SOCKET_MESSAGE_BYTES) {
            const own = await fresh();
            loose(own).emit(m.event, ...m.args);
            await new Promise((r) => setTimeout(r, 200));
            own.disconnect();
            s.reconnects++;
            continue;
          }
          if (!m.ack) {
            loose(sock).emit(m.event, ...m.args);
            continue;
          }
          const answered = new Promise<void>((done) =>
            loose(sock)
              .timeout(5_000)
              .emit(m.event, ...m.args, (err: unknown, res: unknown) => {
                if (err) unanswered.push(JSON.stringify(m.args).slice(0, 200));
                else {
                  s.answered++;
                  const p = ackProblem(res);
                  if (p) problems.push(`${event} ${JSON.stringify(m.args).slice(0, 200)}: ${p}`);
                }
                done();
              }),
          );
          if (expectsAnswer(m)) pending.push(answered);
        }
        await Promise.all(pending);
        // A server that drops an abusive socket is within its rights: the answers lost with it
        // are not counted, the run goes on with a new connection.
        if (!sock.connected) {
          s.reconnects++;
          sock = await fresh();
        } else problems.push(...unanswered.map((a) => `${event} ${a}: no answer in 5 s`));
      }
      stats.set(event, s);
      delays.set(event, loop.stop());
      expect(problems).toEqual([]);
      expect(s.sent).toBe(SOCKET_RUNS);
      expect(s.answered).toBeGreaterThan(0);
    },
    timeoutFor(SOCKET_RUNS, 20),
  );

  it(
    `survives ${SOCKET_RUNS} raw engine.io / socket.io frames`,
    async () => {
      const loop = watchEventLoop();
      const frames = fc.sample(rawFrame, { numRuns: SOCKET_RUNS, seed: SEED + 99 });
      const s: EventStats = { sent: 0, answered: 0, reconnects: 0 };
      let sock = await fresh();
      for (const f of frames) {
        if (!sock.connected) {
          sock = await fresh();
          s.reconnects++;
        }
        rawSend(sock, f.data);
        s.sent++;
        if (await probe(sock)) s.answered++;
        else {
          sock.disconnect();
          sock = await fresh();
          s.reconnects++;
        }
      }
      stats.set('raw frames', s);
      delays.set('raw frames', loop.stop());
      expect(s.sent).toBe(SOCKET_RUNS);
      // Most frames are refused by closing that one connection; the server keeps answering.
      expect(await probe(await fresh())).toBe(true);
    },
    timeoutFor(SOCKET_RUNS, 30),
  );

  // Issue 13: this frame ended the process with a stack overflow while the error was built.
  it('answers a subscribe nested 200,000 arrays deep with an error ack or a close', async () => {
    const sock = await fresh();
    const packets: string[] = [];
    sock.io.engine.on('packet', (p) => {
      if (p.type === 'message') packets.push(String(p.data));
    });
    rawSend(sock, DEEP_SUBSCRIBE.data);
    // Refusing the frame outright (a tight maxHttpBufferSize closes the connection) is fine too.
    await expect
      .poll(() => !sock.connected || packets.some((p) => /^31\[\{"ok":false/.test(p)), {
        timeout: 5_000,
      })
      .toBe(true);
    expect(await probe(await fresh())).toBe(true);
  });

  // Issue 13: `ack is not a function` ended the process.
  it('answers briefing:goto with a non-function where the ack goes, and keeps serving', async () => {
    const sock = await fresh();
    loose(sock).emit(
      'briefing:goto',
      { briefingId: 'fz', sceneIndex: 0, frozenAt: new Date().toISOString() },
      5,
    );
    expect(await probe(sock)).toBe(true);
  });

  it('is alive and sound afterwards: health, a new screen, store integrity, recount', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const sock = await fresh();
    const snap = await new Promise<{ ok: boolean; data?: { view: { scope: { id: string } } } }>(
      (ok) => loose(sock).emit('subscribe', { level: 'district', id: TINY_DISTRICT_ID }, ok),
    );
    expect(snap.ok).toBe(true);
    expect(snap.data!.view.scope.id).toBe(TINY_DISTRICT_ID);
    // The SQLite file's own check; PostgreSQL keeps its files itself.
    if (!t.config.databaseUrl) expect(sqliteIntegrity(t.config.dbFile)).toEqual([]);
    expect(await domainFaults(t.app)).toEqual([]);
    expect(await recountDiffers(t.app, ADMIN)).toEqual([]);
    expect(prototypePolluted()).toEqual([]);
  });
});
