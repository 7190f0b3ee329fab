// Runs the parse worker for one file and hands its chunks to the caller one at a time, in order:
// a chunk that arrives while the last is still being written waits its turn; each settled chunk
// is acknowledged, which lets the worker (never more than a chunk or two ahead) parse on.
// With a write worker (a run on the embedded store), the parser's chunks go to it instead, and
// the caller gets each chunk once written: `apply` while the store's queue is still held (the
// committed rows into the live figures, before any other store call; part by part), `written`,
// and `settled` once the queue is let go.
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
  /** A chunk's other outcomes, in order, after its stored rows are applied (the queue held:
   * no store call here). */
  written(w: WrittenChunk): void;
  /** Whether the writer may write another chunk (false once the import is asked to stop). */
  more(): boolean;
  /** After each hold of the queue, the store free again. */
  settled(): Promise<void>;
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

    /** The write worker's chunks as they arrive: each `written`, then its parts. */
    const inbox: Array<Written | Part> = [];
    let wake: (() => void) | null = null;
    let broken: Error | null = null;
    const take = async <M extends Written | Part>(): Promise<M> => {
      while (inbox.length === 0) {
        if (broken) throw broken;
        await new Promise<void>((ok) => (wake = ok));
      }
      return inbox.shift() as M;
    };
    const interrupt = (e: Error) => {
      broken = e;
      wake?.();
    };
    /** The writer holds a parsed chunk and waits for `go`. */
    let ready = false;
    /** A hold of the store's queue is running or queued. */
    let holding = false;
    const go = () => {
      ready = false;
      writer!.postMessage({ type: 'go' } satisfies GoMessage);
    };
    /**
     * Holds the store's queue, lets the writer write, and applies each written chunk part by part
     * before letting go. While it applies one, the writer may already write the next, as long as
     * no other call waits for the store (else that call's wait would grow by a chunk): on a quiet
     * server the writer then never waits for the main thread (it waited ~27% of the run before;
     * 1M-row CSV 16-17k → 20k rows/s, bench:import).
     */
    const writeHeld = () =>
      writeTo!.exclusive(async (othersWaiting) => {
        go();
        for (let next = true; next;) {
          const { type: _, parts, ...w } = await take<Written>();
          next = false;
          const chain = () => {
            if (!next && ready && !othersWaiting() && writeTo!.more()) {
              next = true;
              go();
            }
          };
          chain();
          const others: WrittenChunk['outcomes'] = [];
          // One part per turn of the loop: Node hands a port every message that arrives while
          // it empties the port's queue in the same task (a chunk's 64 parts, ~100 ms).
          for (let i = 0; i < parts; i++) {
            if (i > 0) await yieldLoop();
            const stored: ProblemRecord[] = [];
            for (const o of JSON.parse((await take<Part>()).outcomes) as RowOutcome[])
              if (o.kind === 'accepted') stored.push(o.p);
              else others.push(o);
            writeTo!.apply(stored);
            chain();
          }
          writeTo!.written({ ...w, outcomes: others });
        }
      });
    /** Holds the queue for the chunks the writer has ready; then their end, and again if needed. */
    const hold = async () => {
      await writeHeld();
      await writeTo!.settled();
      holding = ready;
      if (ready) inOrder(hold);
    };

    const onMessage = (m: WriterMessage | WorkerMessage) => {
      if (m.type === 'written' || m.type === 'part') {
        inbox.push(m);
        wake?.();
      } else if (m.type === 'failed' && holding) {
        // Failed inside its transaction (rolled back): the held queue is let go at once.
        interrupt(new ParseFailed(m.code, m.message));
      } else if (m.type === 'header') inOrder(() => handlers.onHeader(m.header));
      else if (m.type === 'ready') {
        ready = true;
        if (!holding) {
          holding = true;
          inOrder(hold);
        }
      } else if (m.type === 'chunk')
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
