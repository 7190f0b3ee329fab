// A written file flushed to disk, in libuv's pool (never on the event loop). Left to the kernel,
// tens of MB of dirty pages are written back whenever some later fsync forces them, and the
// database's commits on the main thread fsync.
import { open } from 'node:fs/promises';

export async function flushToDisk(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
