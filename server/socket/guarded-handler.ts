// The one wrapper every socket handler runs in. A message is checked before the handler sees it:
// its arity, its ack (a function, or absent where the event allows), the sender's budget, and its
// payload against the protocol schema. A bad one is answered with an error ack, or with nothing
// when there is no function to answer through; a handler that throws is logged and answered
// "internal", so one socket's message can never take the process (and every wall) down.
import type { Socket } from 'socket.io';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { describeSchemaErrors } from '../http-error';
import type { Bucket } from './token-bucket';

export type AckResult = { ok: true; data: unknown } | { ok: false; error: string; message: string };
export type AckFn = (res: AckResult) => void;

export interface SocketLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface HandlerSpec<P> {
  /** Payload schema; absent for an event with only an ack (resync). */
  payload?: { schema: TSchema; name: string };
  /** required: a message without a function to answer through is ignored. */
  ack: 'required' | 'optional';
  bucket?: Bucket;
  /** May answer later (a promise): its rejection is handled like a throw. */
  run(payload: P, ack: AckFn | undefined): void | Promise<void>;
}

const fail = (error: string, message: string): AckResult => ({ ok: false, error, message });

/** A checker per schema, compiled once. */
const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function checker(schema: TSchema) {
  let c = compiled.get(schema);
  if (!c) compiled.set(schema, (c = Compile(schema)));
  return c;
}

/** Why `value` does not fit `schema`, in sentences that never echo the value itself. */
export function payloadProblem(schema: TSchema, value: unknown, name: string): string | null {
  const c = checker(schema);
  if (c.Check(value)) return null;
  const sentences = describeSchemaErrors([...c.Errors(value)].slice(0, 5), name);
  return sentences.join('; ') || `${name} is not valid`;
}

export function guardedHandler<P>(
  socket: Socket,
  event: string,
  spec: HandlerSpec<P>,
  log: SocketLog,
): void {
  const arity = spec.payload ? 1 : 0;
  socket.on(event, (...args: unknown[]) => {
    let ack: AckFn | undefined;
    const failed = (err: unknown) => {
      log.error({ err, event, socket: socket.id }, 'socket handler failed');
      try {
        ack?.(fail('internal', 'the server failed to handle this message; it is logged'));
      } catch {
        // the ack itself failed (socket gone): nothing left to tell
      }
    };
    try {
      const last = args[args.length - 1];
      ack = typeof last === 'function' ? (last as AckFn) : undefined;
      // A non-function where the ack goes (or extra arguments): nothing safe to answer through.
      if (args.length > arity + 1 || (args.length === arity + 1 && !ack)) return;
      if (!ack && spec.ack === 'required') return;
      if (spec.bucket && !spec.bucket.take())
        return ack?.(
          fail('rate_limited', `too many "${event}" messages from this screen; slow down`),
        );
      const payload = args[0];
      if (spec.payload) {
        const problem = payloadProblem(spec.payload.schema, payload, spec.payload.name);
        if (problem) return ack?.(fail('bad_request', problem));
      }
      const running = spec.run(payload as P, ack);
      if (running) running.catch(failed);
    } catch (err) {
      failed(err);
    }
  });
}
