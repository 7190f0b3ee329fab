// Runs the parse worker for one file and hands its chunks to the caller one at a time, in order:
// a chunk that arrives while the last is still being written waits its turn; each settled chunk
// is acknowledged, which lets the worker (never more than a chunk or two ahead) parse on.
// With a write worker (a run on the embedded store), the parser's chunks go to it instead, and
// the caller gets each chunk once written: `apply` while the store's queue is still held (the
// committed rows into the live figures, before any other store call; part by part, asked for
// one at a time), then `onWritten`.
import { setImmediate as yieldLoop } from 'node:timers/promises';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { OffThreadWrites, ProblemRecord } from '../store/records';
import type {
  GoMessage,
  HeaderInfo,
  ParseJob,
  Part,
  RowOutcome,
  WorkerMessage,
  WriteJob,
  WriterMessage,
  Written,
} from './worker-protocol';

type Chunk = Extract<WorkerMessage, { type: 'chunk' }>;
type Done = Extract<WorkerMessage, { type: 'done' }>;

export class ParseFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The worker's heap cap: exceljs's shared-strings cache grows with distinct strings. */
const WORKER_HEAP_MB = 768;
/** The write worker's: one chunk's rows and the file's ids (a number each) at a time. */
const WRITER_HEAP_MB = 256;
/**
 * Each worker's young generation (V8 makes it three semi-spaces' worth): V8's default of 48 MB
 * let each worker keep ~32 MB of new space, 64 MB of the import's RSS for objects that die
 * young anyway (a row lives until its chunk is sent or written).
 */
const YOUNG_MB = 16;

/** A written chunk as the caller gets it: the outcomes other than the stored rows. */
export type WrittenChunk = Omit<Written, 'type' | 'parts'> & {
  outcomes: Array<Exclude<RowOutcome, { kind: 'accepted' }>>;
};

export interface WriteTo {
  job: WriteJob;
  exclusive: OffThreadWrites['exclusive'];
  /**
   * Runs while the store's queue is held, right after the chunk's commit, once per part of its
   * stored rows, each part in a turn of the event loop of its own.
   */
  apply(stored: ProblemRecord[]): void;
  onWritten(w: WrittenChunk): Promise<void>;
}

const boot = new URL('./worker-boot.mjs', import.meta.url);

export function parseFile(
  job: ParseJob,
  handlers: { onHeader(h: HeaderInfo): void; onChunk?(c: Chunk): Promise<void> },
  writeTo?: WriteTo,
): { done: Promise<Done>; cancel(): void } {
  const channel = writeTo ? new MessageChannel() : null;
  const parser = new Worker(boot, {
    workerData: {
      entry: new URL('./parse-worker.ts', import.meta.url).href,
      job,
      sink: channel?.port1,
    },
    transferList: channel ? [channel.port1] : [],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB },
  });
  const writer =
    writeTo &&
    new Worker(boot, {
      workerData: {
        entry: new URL('./write-worker.ts', import.meta.url).href,
        job: writeTo.job,
        rows: channel!.port2,
      },
      transferList: [channel!.port2],
      resourceLimits: {
        maxOldGenerationSizeMb: WRITER_HEAP_MB,
        maxYoungGenerationSizeMb: YOUNG_MB,
      },
    });
  const workers = writer ? [parser, writer] : [parser];
  const stop = () => workers.forEach((w) => void w.terminate());

  const done = new Promise<Done>((ok, fail) => {
    let settled = false;
    const end = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      stop();
    };
    let turn = Promise.resolve();
    const inOrder = (fn: () => void | Promise<void>): void => {
      turn = turn
        .then(() => (settled ? undefined : fn()))
        .catch((err: unknown) =>
          end(() => fail(err instanceof Error ? err : new Error(String(err)))),
        );
    };

    /** The write worker's answer awaited (to `go`: the chunk written; to `next`: a part). */
    let waiting: { ok(m: Written | Part): void; fail(e: Error): void } | null = null;
    const ask = <M extends Written | Part>(m: GoMessage): Promise<M> => {
      const answer = new Promise<M>((ok, no) => (waiting = { ok: ok as never, fail: no }));
      writer!.postMessage(m);
      return answer;
    };
    /** Asks for the chunk's write with the store's queue held, and applies it before letting go. */
    const writeHeld = () =>
      writeTo!.exclusive(async (): Promise<WrittenChunk> => {
        const { type: _, parts, ...w } = await ask<Written>({ type: 'go' });
        const others: WrittenChunk['outcomes'] = [];
        // Each part is asked for once the last is applied, after a turn of the loop: the worker
        // answers within microseconds, and Node hands a port every message that arrives while it
        // empties the port's queue in the same task (30-45 parts, 60-90 ms, without the turn).
        for (let i = 0; i < parts; i++) {
          if (i > 0) await yieldLoop();
          const stored: ProblemRecord[] = [];
          for (const o of JSON.parse((await ask<Part>({ type: 'next' })).outcomes) as RowOutcome[])
            if (o.kind === 'accepted') stored.push(o.p);
            else others.push(o);
          writeTo!.apply(stored);
        }
        return { ...w, outcomes: others };
      });
    const interrupt = (e: Error) => {
      waiting?.fail(e);
      waiting = null;
    };

    const onMessage = (m: WriterMessage | WorkerMessage) => {
      if (m.type === 'written' || m.type === 'part') {
        waiting?.ok(m);
        waiting = null;
      } else if (m.type === 'failed' && waiting) {
        // Failed inside its transaction (rolled back): the held queue is let go at once.
        interrupt(new ParseFailed(m.code, m.message));
      } else if (m.type === 'header') inOrder(() => handlers.onHeader(m.header));
      else if (m.type === 'ready')
        inOrder(async () => {
          const w = await writeHeld();
          await writeTo!.onWritten(w);
        });
      else if (m.type === 'chunk')
        inOrder(async () => {
          await handlers.onChunk!(m);
          parser.postMessage({ type: 'ack' });
        });
      else if (m.type === 'done') inOrder(() => end(() => ok(m)));
      else inOrder(() => end(() => fail(new ParseFailed(m.code, m.message))));
    };
    (writer ?? parser).on('message', onMessage);

    // A failure waits for the chunks before it to be written: the job must not end (its report
    // closed, the next job let in) while a chunk parsed ahead is still being written.
    const failWith = (e: ParseFailed) => inOrder(() => end(() => fail(e)));
    // Only the writer's own end lets go of a chunk it was writing (a thread that ends closes its
    // connection, which rolls its transaction back).
    const writerEnded = (e: ParseFailed) => {
      interrupt(e);
      failWith(e);
    };
    parser.on('error', (err: Error & { code?: string }) =>
      failWith(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ParseFailed(
              'parser_out_of_memory',
              `the parser ran out of its ${WORKER_HEAP_MB} MB (an XLSX with very many distinct texts); save the sheet as CSV and import that`,
            )
          : new ParseFailed('parser_crashed', `the parser stopped: ${err.message}`),
      ),
    );
    parser.on('exit', (code) =>
      failWith(new ParseFailed('parser_crashed', `the parser exited (${code})`)),
    );
    writer?.on('error', (err: Error) =>
      writerEnded(new ParseFailed('writer_crashed', `the writer stopped: ${err.message}`)),
    );
    writer?.on('exit', (code) =>
      writerEnded(new ParseFailed('writer_crashed', `the writer exited (${code})`)),
    );
  });
  return { done, cancel: stop };
}
