// The one seam between a committed write and the live figures: every writer (ingest ops, imports,
// their undo, the purge of simulated records) hands its change here, once, after its COMMIT. The
// change goes into this node's aggregates and ticker, and, when the node runs with others
// (REDIS_URL), out to them through the change feed (change-feed.ts); their changes come back in
// through apply().
//
// A reload (join.ts) swaps in figures read from the store at one PostgreSQL snapshot. What it
// read and what is applied here around it are kept exact by that snapshot (snapshot.ts): a change
// applied while the read ran is kept, and put into the new figures unless the snapshot saw it;
// a change the snapshot saw that arrives later (another node held it, or its entry was read from
// before the load) is already counted and skipped.
import type { LiveEvent } from '../../shared/protocol';
import type { Aggregator } from '../aggregate/aggregator';
import type { LiveFeed } from '../ingest/live-feed';
import type { ActivityRecord, ProblemRecord } from '../store/records';
import { problemRank, type Change } from './change';
import { parseSnapshot, visibleIn, type XidSnapshot } from './snapshot';

/**
 * Problems whose newest state is remembered, for putting changes that arrive out of order right.
 * Two nodes writing one problem within the few milliseconds of a delivery are what it is for, so
 * the most recently changed ones are enough.
 */
const REMEMBERED = 50_000;

/** The newest state known of a problem: undefined once it was deleted. */
interface Latest {
  rank: number;
  record: ProblemRecord | undefined;
}

/** Whether a read at `snapshot` saw the change (an entry without an id: never). */
const seenBy = (c: Change, snapshot: XidSnapshot) =>
  typeof c.xid === 'string' && visibleIn(c.xid, snapshot);

export class LiveChanges {
  private publisher: ((c: Change) => void) | null = null;
  private readonly latest = new Map<string, Latest>();
  /** The snapshot the figures were last read at: the changes it saw are in them. */
  private seen: XidSnapshot | null;
  /** Changes applied while a reload reads, in their order; null when none runs. */
  private held: Change[] | null = null;
  /** Changes skipped because the figures' read had seen them (tests, the log). */
  skipped = 0;

  /**
   * `committedXid` names the transaction whose after-commit step hands a change here (the
   * store's, Store.committedXid); `seen` the snapshot the figures were loaded at.
   */
  constructor(
    private readonly agg: Aggregator,
    private readonly feed: LiveFeed,
    private readonly committedXid: () => string | null = () => null,
    seen: string | null = null,
  ) {
    this.seen = seen === null ? null : parseSnapshot(seen);
  }

  /** A reload starts reading the store: the changes applied from now on are kept for `reloaded`. */
  reloading(): void {
    this.held = [];
  }

  /**
   * The reload read `fresh` at snapshot `seen` (null: a store without one, SQLite): the changes
   * applied meanwhile that it did not see go into it, then it becomes the live figures. Their
   * ticker lines were pushed when they were applied. A change without an id cannot be placed
   * and is taken as read, as is every change where the store has no snapshot (SQLite: one
   * writer, whose commits fall wholly before or after the read's transaction).
   */
  reloaded(fresh: Aggregator, seen: string | null): void {
    const snapshot = seen === null ? null : parseSnapshot(seen);
    for (const c of snapshot ? (this.held ?? []) : []) {
      if (typeof c.xid !== 'string' || visibleIn(c.xid, snapshot!)) continue;
      if (c.kind === 'activity') fresh.activity(c.activity, c.sign);
      else {
        // The open set follows the newest state known, as when it was first applied.
        const known = this.latest.get((c.next ?? c.prev)!.id);
        const newest = known ? known.record : (c.next ?? undefined);
        fresh.applyProblemAs(c.prev ?? undefined, c.next ?? undefined, newest);
      }
    }
    this.agg.replaceWith(fresh);
    this.seen = snapshot;
    this.held = null;
  }

  /** The reload ended (or failed): nothing more is kept. */
  reloadEnded(): void {
    this.held = null;
  }

  /**
   * From now on every local change is also handed to `publish`, and changes may come in out of
   * their order (another node's). Returns the undo.
   */
  publishTo(publish: (c: Change) => void): () => void {
    this.publisher = publish;
    return () => {
      this.publisher = null;
      this.latest.clear();
    };
  }

  /** A problem was created (prev undefined) or moved on; `event` is its ticker line. */
  problem(prev: ProblemRecord | undefined, next: ProblemRecord, event?: LiveEvent): void {
    const xid = this.committedXid();
    this.commit({ kind: 'problem', prev: prev ?? null, next, event: event ?? null, xid });
  }

  /** A stored problem was deleted: its figures are taken back. */
  removeProblem(p: ProblemRecord): void {
    this.commit({ kind: 'problem', prev: p, next: null, event: null, xid: this.committedXid() });
  }

  /** An activity record was stored (sign 1) or deleted (sign -1). */
  activity(a: ActivityRecord, sign: 1 | -1 = 1): void {
    this.commit({ kind: 'activity', activity: a, sign, xid: this.committedXid() });
  }

  private commit(c: Change): void {
    this.apply(c);
    this.publisher?.(c);
  }

  /**
   * Applies a change to this node's figures and ticker, once per change (the feed drops repeats).
   * The sums take -prev +next in any order. Whether a problem is open follows the most advanced
   * state seen of it (problemRank), so a step that arrives after a later one never re-opens it.
   * A change the figures' read saw is in them already: skipped, its ticker line with it (the
   * reload pushed the lines it read).
   */
  apply(c: Change): void {
    if (this.seen && seenBy(c, this.seen)) {
      this.skipped += 1;
      return;
    }
    this.held?.push(c);
    if (c.kind === 'activity') return this.agg.activity(c.activity, c.sign);
    const { prev, next } = c;
    if (!this.publisher) {
      if (next) this.agg.applyProblem(prev ?? undefined, next);
      else if (prev) this.agg.removeProblem(prev);
    } else {
      const latest = this.newest(c);
      this.agg.applyProblemAs(prev ?? undefined, next ?? undefined, latest.record);
    }
    if (c.event) this.feed.push(c.event);
  }

  private newest({ prev, next }: Extract<Change, { kind: 'problem' }>): Latest {
    const id = (next ?? prev)!.id;
    const known = this.latest.get(id);
    let now: Latest;
    if (!next) now = { rank: Infinity, record: undefined };
    else if (!known) now = { rank: problemRank(next), record: next };
    // A deleted problem is created again (an import run after its undo); a late step of its
    // former life leaves it deleted.
    else if (!known.record) now = prev ? known : { rank: problemRank(next), record: next };
    else now = problemRank(next) >= known.rank ? { rank: problemRank(next), record: next } : known;
    // Most recently changed last: the oldest go first when the map is full.
    this.latest.delete(id);
    this.latest.set(id, now);
    if (this.latest.size > REMEMBERED) this.latest.delete(this.latest.keys().next().value!);
    return now;
  }
}
