// What the crash-cycle writers sent and what the server acknowledged, and the check of a killed
// server's database against it: every acknowledged write is there; an unacknowledged one is
// wholly there or wholly absent (a batch of up to BATCH_PART records all or nothing, a transition
// with its event or not at all, a rating with its event or not at all).
import Database from 'better-sqlite3';
import { PROBLEM_STAGES } from '../../shared/protocol';

export interface TrackedProblem {
  id: string;
  /** Stage index the server acknowledged; -1 while the create itself is unacknowledged. */
  confirmed: number;
  /** Stage index of a write sent whose answer never came (the kill), else null. */
  pending: number | null;
  rating: 'none' | 'pending' | 'confirmed';
}

export interface TrackedBatch {
  problemIds: string[];
  volunteerIds: string[];
  acked: boolean;
}

export class WriteModel {
  problems = new Map<string, TrackedProblem>();
  batches: TrackedBatch[] = [];
  volunteers = new Map<string, boolean>();
  acknowledged = 0;
  lost: string[] = [];
  halfThere: string[] = [];

  /**
   * Compares the database file (server dead) with what was sent, then settles every unknown
   * outcome to what the file holds, so the next cycle goes on from the truth.
   */
  verify(dbFile: string): void {
    const db = new Database(dbFile);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') this.halfThere.push(`integrity_check: ${String(integrity)}`);
      const row = db.prepare<[string], { stage: string; rating: string | null }>(
        'SELECT stage, rating FROM problems WHERE id = ?',
      );
      const events = db.prepare<[string], { stage: string; kind: string }>(
        'SELECT stage, kind FROM problem_events WHERE problem_id = ?',
      );
      const volunteer = db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM volunteer_checkins WHERE id = ?',
      );
      for (const p of [...this.problems.values()])
        this.checkProblem(p, row.get(p.id), events.all(p.id));
      for (const [id, acked] of this.volunteers) {
        const there = volunteer.get(id)!.n === 1;
        if (acked && !there) this.lost.push(`volunteer ${id}`);
        this.volunteers.set(id, there);
      }
      for (const b of this.batches) {
        const present =
          b.problemIds.filter((id) => row.get(id)).length +
          b.volunteerIds.filter((id) => volunteer.get(id)!.n === 1).length;
        const total = b.problemIds.length + b.volunteerIds.length;
        if (b.acked && present !== total)
          this.lost.push(`batch ${b.problemIds[0]}: ${present}/${total}`);
        else if (!b.acked && present !== 0 && present !== total)
          this.halfThere.push(`batch ${b.problemIds[0]}: ${present}/${total} records`);
      }
      this.batches = [];
    } finally {
      db.close();
    }
  }

  private checkProblem(
    p: TrackedProblem,
    row: { stage: string; rating: string | null } | undefined,
    events: Array<{ stage: string; kind: string }>,
  ): void {
    if (!row) {
      if (p.confirmed >= 0) this.lost.push(`problem ${p.id}`);
      this.problems.delete(p.id); // an unacknowledged create that never landed
      return;
    }
    const stage = PROBLEM_STAGES.indexOf(row.stage as never);
    const allowed = [p.confirmed, ...(p.pending === null ? [] : [p.pending])];
    if (!allowed.includes(stage))
      (stage < p.confirmed ? this.lost : this.halfThere).push(
        `problem ${p.id} at ${row.stage}, expected ${allowed.map((i) => PROBLEM_STAGES[i]).join(' or ')}`,
      );
    const logged = new Set(events.filter((e) => e.kind !== 'rated').map((e) => e.stage));
    const expected = PROBLEM_STAGES.slice(0, stage + 1);
    if (logged.size !== expected.length || !expected.every((s) => logged.has(s)))
      this.halfThere.push(
        `problem ${p.id} at ${row.stage} with events of ${[...logged].join(',')}`,
      );
    const rated = events.some((e) => e.kind === 'rated');
    if (rated !== (row.rating !== null))
      this.halfThere.push(`problem ${p.id}: rating without its event`);
    if (p.rating === 'confirmed' && row.rating === null) this.lost.push(`rating of ${p.id}`);
    p.confirmed = stage;
    p.pending = null;
    p.rating = row.rating === null ? 'none' : 'confirmed';
  }
}
