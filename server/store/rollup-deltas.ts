// The roll-up changes of the transaction in progress, one level per (nested) transaction: a
// savepoint that rolls back drops its level's deltas, one that is released merges them into the
// level around it, and the outermost level is written to the roll-up tables just before COMMIT.
// So the stored roll-ups always equal the stored rows, whichever writes failed on the way.
import { addBucket, type DayBucket } from '../aggregate/day-bucket';
import { contributeActivity, contributeProblem } from '../aggregate/contribution';
import type { ActivityRecord, ProblemRecord } from './records';
import { bucketIn, type DeltaMap } from './delta-map';

/** How the store places a fact in the region tree (the dataset's lineage: grid → … → district). */
export interface RollupRegions {
  lineage(regionId: string): readonly string[];
  /** Changes when the tree or the bucket layout changes: stored roll-ups are then rebuilt. */
  fingerprint: string;
}

export class RollupDeltas {
  private readonly levels: DeltaMap[] = [];

  constructor(private readonly regions: RollupRegions) {}

  get depth(): number {
    return this.levels.length;
  }

  begin(): void {
    this.levels.push(new Map());
  }

  /** Ends the innermost level; returns the outermost level's deltas when it was the last. */
  release(): DeltaMap | null {
    const top = this.levels.pop()!;
    const parent = this.levels.at(-1);
    if (!parent) return top;
    // A savepoint around the whole of its transaction's writes (an import's chunk): its deltas
    // become the level around it as they are, not merged bucket by bucket.
    if (parent.size === 0) {
      this.levels[this.levels.length - 1] = top;
      return null;
    }
    // Otherwise a region or day the level around lacks takes the released level's bucket over as
    // it is (no one else holds it now): a batch part runs two savepoints deep in its group, and
    // building each bucket again at every level was garbage.
    for (const [id, days] of top) {
      const into = parent.get(id);
      if (!into) {
        parent.set(id, days);
        continue;
      }
      for (const [day, b] of days) {
        const c = into.get(day);
        if (c) addBucket(c, b);
        else into.set(day, b);
      }
    }
    return null;
  }

  rollback(): void {
    this.levels.pop();
  }

  private readonly bucket = (regionId: string, day: number): DayBucket =>
    bucketIn(this.levels.at(-1)!, regionId, day);

  problem(p: ProblemRecord, sign: 1 | -1): void {
    contributeProblem(this.regions.lineage(p.placeId), p, sign, this.bucket);
  }

  activity(a: ActivityRecord, sign: 1 | -1): void {
    contributeActivity(this.regions.lineage(a.record.regionId), a, sign, this.bucket);
  }
}
