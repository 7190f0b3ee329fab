// Runs the parse worker for one file and hands its chunks to the caller one at a time, in order:
// a chunk that arrives while the last is still being written waits its turn; each settled chunk
// is acknowledged, which lets the worker (never more than a chunk or two ahead) parse on.
import { Worker } from 'node:worker_threads';
import type { HeaderInfo, ParseJob, WorkerMessage } from './worker-protocol';

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

export function parseFile(
  job: ParseJob,
  handlers: { onHeader(h: HeaderInfo): void; onChunk(c: Chunk): Promise<void> },
): { done: Promise<Done>; cancel(): void } {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./parse-worker.ts', import.meta.url).href, job },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const done = new Promise<Done>((ok, fail) => {
    let settled = false;
    const end = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    let turn = Promise.resolve();
    const inOrder = (fn: () => void | Promise<void>): void => {
      turn = turn
        .then(() => (settled ? undefined : fn()))
        .catch((err: unknown) =>
          end(() => fail(err instanceof Error ? err : new Error(String(err)))),
        );
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'header') inOrder(() => handlers.onHeader(m.header));
      else if (m.type === 'chunk')
        inOrder(async () => {
          await handlers.onChunk(m);
          worker.postMessage({ type: 'ack' });
        });
      else if (m.type === 'done') inOrder(() => end(() => ok(m)));
      else inOrder(() => end(() => fail(new ParseFailed(m.code, m.message))));
    });
    // A failure waits for the chunks before it to be written: the job must not end (its report
    // closed, the next job let in) while the main thread still writes a chunk parsed ahead.
    worker.on('error', (err: Error & { code?: string }) =>
      inOrder(() =>
        end(() =>
          fail(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ParseFailed(
                  'parser_out_of_memory',
                  `the parser ran out of its ${WORKER_HEAP_MB} MB (an XLSX with very many distinct texts); save the sheet as CSV and import that`,
                )
              : new ParseFailed('parser_crashed', `the parser stopped: ${err.message}`),
          ),
        ),
      ),
    );
    worker.on('exit', (code) =>
      inOrder(() =>
        end(() => fail(new ParseFailed('parser_crashed', `the parser exited (${code})`))),
      ),
    );
  });
  return { done, cancel: () => void worker.terminate() };
}
