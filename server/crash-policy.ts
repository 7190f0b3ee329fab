// What the process does with an error nothing caught (uncaughtException / unhandledRejection).
// Keep serving ONLY for errors known to belong to one client's connection: a peer that reset or
// closed its TCP socket mid-write (ECONNRESET, EPIPE, a premature close). They say nothing about
// our state; exiting on them would let any client black out every wall by hanging up at the
// right moment. Everything else exits (code 1, for the supervisor to restart): an error from the
// store or the file system (SQLITE_*, ENOSPC, EIO, …) may mean an acknowledged write is not on
// disk, and an unknown programmer error may have left the aggregates half-updated — serving on
// would show wrong figures as if they were right. Socket handlers cannot reach here: they run
// inside guardedHandler, which catches, logs and answers "internal".
const ONE_CLIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

type Verdict = 'keep-serving' | 'exit';

export function verdict(err: unknown): Verdict {
  const e = err as { code?: unknown; syscall?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code.startsWith('SQLITE_')) return 'exit';
  // A network error on one socket (read/write syscalls, or a stream closed under us).
  if (
    ONE_CLIENT_CODES.has(code) &&
    (e?.syscall === undefined || (typeof e.syscall === 'string' && /^(read|write)/.test(e.syscall)))
  )
    return 'keep-serving';
  return 'exit';
}

interface CrashLog {
  warn(obj: object, msg: string): void;
  fatal(obj: object, msg: string): void;
}

export function installCrashPolicy(log: CrashLog, exit: (code: number) => void): void {
  const handle = (kind: string) => (err: unknown) => {
    if (verdict(err) === 'keep-serving') {
      log.warn({ err, kind }, 'error from one client connection; serving on');
      return;
    }
    log.fatal({ err, kind }, 'unexpected error: exiting so a clean restart can take over');
    exit(1);
  };
  process.on('uncaughtException', handle('uncaughtException'));
  process.on('unhandledRejection', handle('unhandledRejection'));
}
