// A briefing's moment reads which tier each problem escalated after it stood at then
// (Store.tiersAt). Through the `at` index alone every event since the moment was a random read of
// its row: 2 s on the main thread for a moment a month back at 1M problems. Its two halves must
// read the covering partial indexes only.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TIER_EVENTS_SQL } from '../../server/store/sqlite-events';
import { openSqliteSync } from '../../server/store/sqlite-store';

const dir = mkdtempSync(join(tmpdir(), 'tiers-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the moment-tier query', () => {
  it('reads only the covering partial indexes of the event log', () => {
    const file = join(dir, 'store.sqlite');
    openSqliteSync(file).close();
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare<[number], { detail: string }>(`EXPLAIN QUERY PLAN ${TIER_EVENTS_SQL}`)
      .all(0)
      .map((r) => r.detail);
    db.close();
    expect(plan).toContainEqual(
      expect.stringContaining('USING COVERING INDEX problem_events_escalated (at>?)'),
    );
    expect(plan).toContainEqual(
      expect.stringContaining('USING COVERING INDEX problem_events_tiers (problem_id=?)'),
    );
    expect(plan.filter((d) => /\bSCAN problem_events\b|INDEX problem_events_at\b/.test(d))).toEqual(
      [],
    );
  });
});
