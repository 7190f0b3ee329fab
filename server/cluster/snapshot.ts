// Which committed transactions a PostgreSQL read saw. A reload reads the store in one
// REPEATABLE READ transaction whose first statement is pg_current_snapshot(); every change carries
// the id of the transaction that wrote it (pg_current_xact_id). A change is in the reloaded
// figures exactly when its transaction is visible in that snapshot, PostgreSQL's own rule
// (XidInMVCCSnapshot): below xmin, committed before; from xmax on, not yet begun; between, seen
// unless it was still running (listed). Ids are xid8, 64-bit: BigInt, never Number.

/** pg_current_snapshot(), parsed. */
export interface XidSnapshot {
  xmin: bigint;
  xmax: bigint;
  running: ReadonlySet<bigint>;
}

/** Parses pg_snapshot's text form, `xmin:xmax:xip,xip,…` (the list may be empty). */
export function parseSnapshot(text: string): XidSnapshot {
  const m = /^(\d+):(\d+):([\d,]*)$/.exec(text.trim());
  if (!m) throw new Error(`not a pg_snapshot: ${text}`);
  const running = new Set(m[3] ? m[3].split(',').map((x) => BigInt(x)) : []);
  return { xmin: BigInt(m[1]!), xmax: BigInt(m[2]!), running };
}

/** Whether the committed transaction `xid` (xid8 as text) is seen by a read with `snapshot`. */
export function visibleIn(xid: string, snapshot: XidSnapshot): boolean {
  const x = BigInt(xid);
  if (x < snapshot.xmin) return true;
  if (x >= snapshot.xmax) return false;
  return !snapshot.running.has(x);
}
