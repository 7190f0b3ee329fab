// The fsync of a commit, off the event loop. With synchronous=FULL better-sqlite3's COMMIT
// fdatasyncs the write-ahead log on the main thread: a few hundred µs on a quiet disk, but
// 50-150 ms (strace) when the checkpoint worker flushes the database file at the same moment, and
// every socket, request and hub tick waits that long (bench:writes: loop max 153-742 ms). An
// outermost transaction of the async store therefore commits with synchronous=NORMAL (in WAL mode
// that COMMIT only write()s the log) and then awaits this: the same fdatasync of the same file, on
// libuv's thread pool. Nobody hears of the commit before it returns (no 2xx, no aggregate, no
// other store call: the store's queue is held meanwhile), so an acknowledged write is exactly as
// durable as under FULL. A failed fdatasync leaves the log's state on disk unknown (the kernel
// may have dropped the dirty pages): like PostgreSQL, we do not serve on after it.
import { closeSync, fdatasync, fsync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogSync {
  /** Resolves once every commit written to the log so far is on disk. */
  sync(): Promise<void>;
  close(): void;
}

const flushed = (fd: number, how: typeof fsync) =>
  new Promise<void>((ok, fail) => how(fd, (err) => (err ? fail(err) : ok())));

/**
 * The log of the database `file` (`file-wal`). SQLite keeps that file (same inode) while any
 * connection has the database open; it deletes it only when the last one closes, after `close`.
 */
export function logSync(file: string): LogSync {
  let fd: number | undefined;
  let opening: Promise<number> | undefined;
  /** The first sync: the log may be new, and its directory entry must be on disk too, once. */
  async function opened(): Promise<number> {
    const log = openSync(`${file}-wal`, 'r');
    const dir = openSync(dirname(file), 'r');
    try {
      await flushed(dir, fsync);
    } finally {
      closeSync(dir);
    }
    fd = log;
    return log;
  }
  return {
    sync: async () => flushed(fd ?? (await (opening ??= opened())), fdatasync),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      opening = undefined;
    },
  };
}
