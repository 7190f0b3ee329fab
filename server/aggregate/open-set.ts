// The open problems and, kept up as they change, how many of them are open and overdue in each
// region. Counting them afresh was one pass over every open problem on each hub flush: at a
// city's size (200,000 open after an import) 15-60 ms of the event loop, four times a second.
// Overdue moves with the clock: a problem not yet due waits in a heap ordered by its due time and
// is counted overdue when a later count finds its time passed.
import type { CurrentMetrics } from '../../shared/protocol';
import { isOverdue } from '../metrics/due';
import { ShardedMap } from './sharded-map';

export interface OpenProblem {
  lineage: readonly string[];
  dueAt: number;
  reportedAt: number;
}

type Waiting = { dueAt: number; id: string; e: OpenProblem };

export class OpenSet {
  // Sharded: a city's open problems in one Map made each doubling of it a 100-250 ms stall.
  private readonly entries = new ShardedMap<OpenProblem>();
  private readonly open = new Map<string, number>();
  private readonly overdue = new Map<string, number>();
  /** Ids counted overdue at `at`. */
  private readonly late = new ShardedMap<true>();
  /** Entries not overdue at `at`, soonest due first (a binary heap); stale ones are skipped. */
  private heap: Waiting[] = [];
  /** The time of the last count: overdue means overdue then. */
  private at = -Infinity;

  get size(): number {
    return this.entries.size;
  }

  [Symbol.iterator](): IterableIterator<[string, OpenProblem]> {
    return this.entries[Symbol.iterator]();
  }

  set(id: string, e: OpenProblem): void {
    this.delete(id);
    this.entries.set(id, e);
    add(this.open, e.lineage, 1);
    if (isOverdue(e.dueAt, null, this.at)) this.markLate(id, e);
    else this.push({ dueAt: e.dueAt, id, e });
  }

  delete(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    add(this.open, e.lineage, -1);
    if (this.late.delete(id)) add(this.overdue, e.lineage, -1);
    // Its heap entry stays until it comes up, then is skipped; compacted when they pile up.
    if (this.heap.length > 2 * this.entries.size + 1024) this.rebuild();
  }

  clear(): void {
    this.entries.clear();
    this.open.clear();
    this.overdue.clear();
    this.late.clear();
    this.heap = [];
  }

  /** Open and overdue problems per region at `now` (regions with none are left out). */
  counts(now: number): Map<string, CurrentMetrics> {
    if (now < this.at) {
      // The clock went back (a test's, or a corrected one): count afresh from `now`.
      this.at = -Infinity;
      this.rebuild();
    }
    this.at = now;
    while (this.heap.length > 0 && isOverdue(this.heap[0]!.dueAt, null, now)) {
      const w = this.pop();
      if (this.entries.get(w.id) === w.e) this.markLate(w.id, w.e);
    }
    const out = new Map<string, CurrentMetrics>();
    for (const [id, open] of this.open)
      if (open > 0) out.set(id, { open, overdue: this.overdue.get(id) ?? 0 });
    return out;
  }

  private markLate(id: string, e: OpenProblem): void {
    this.late.set(id, true);
    add(this.overdue, e.lineage, 1);
  }

  /** The heap again from the live entries not counted overdue (drops stale ones). */
  private rebuild(): void {
    this.overdue.clear();
    this.late.clear();
    this.heap = [];
    for (const [id, e] of this.entries)
      if (isOverdue(e.dueAt, null, this.at)) this.markLate(id, e);
      else this.push({ dueAt: e.dueAt, id, e });
  }

  private push(w: Waiting): void {
    const h = this.heap;
    let i = h.push(w) - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (h[up]!.dueAt <= w.dueAt) break;
      h[i] = h[up]!;
      i = up;
    }
    h[i] = w;
  }

  private pop(): Waiting {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const c = l + 1 < h.length && h[l + 1]!.dueAt < h[l]!.dueAt ? l + 1 : l;
      if (h[c]!.dueAt >= last.dueAt) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function add(m: Map<string, number>, ids: readonly string[], n: number): void {
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + n);
}
