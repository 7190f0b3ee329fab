// The one seam between a committed write and the live figures: every writer (ingest ops, imports,
// their undo, the purge of simulated records) hands its change here, once, after its COMMIT. The
// change goes into this node's aggregates and ticker, and, when the node runs with others
// (REDIS_URL), out to them through the change feed (change-feed.ts); their changes come back in
// through apply().
import type { LiveEvent } from '../../shared/protocol';
import type { Aggregator } from '../aggregate/aggregator';
import type { LiveFeed } from '../ingest/live-feed';
import type { ActivityRecord, ProblemRecord } from '../store/records';
import { problemRank, type Change } from './change';

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

export class LiveChanges {
  private publisher: ((c: Change) => void) | null = null;
  private readonly latest = new Map<string, Latest>();

  constructor(
    private readonly agg: Aggregator,
    private readonly feed: LiveFeed,
  ) {}

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
    this.commit({ kind: 'problem', prev: prev ?? null, next, event: event ?? null });
  }

  /** A stored problem was deleted: its figures are taken back. */
  removeProblem(p: ProblemRecord): void {
    this.commit({ kind: 'problem', prev: p, next: null, event: null });
  }

  /** An activity record was stored (sign 1) or deleted (sign -1). */
  activity(a: ActivityRecord, sign: 1 | -1 = 1): void {
    this.commit({ kind: 'activity', activity: a, sign });
  }

  private commit(c: Change): void {
    this.apply(c);
    this.publisher?.(c);
  }

  /**
   * Applies a change to this node's figures and ticker, once per change (the feed drops repeats).
   * The sums take -prev +next in any order. Whether a problem is open follows the most advanced
   * state seen of it (problemRank), so a step that arrives after a later one never re-opens it.
   */
  apply(c: Change): void {
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
