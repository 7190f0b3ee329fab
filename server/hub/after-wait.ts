// Runs fn after `ms`, or on the next turn of the event loop (setImmediate, never synchronously)
// when there is nothing to wait: the hub's flushes and the room sender's slices both wait so.
export interface Pending {
  cancel(): void;
}

export function afterWait(ms: number, fn: () => void): Pending {
  if (ms <= 0) {
    const h = setImmediate(fn);
    return { cancel: () => clearImmediate(h) };
  }
  const h = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(h) };
}
