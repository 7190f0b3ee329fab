// A briefing's moment reads which tier each problem escalated after it stood at then
// (Store.tiersAt). On PostgreSQL, as on SQLite (tests/unit/sqlite-tiers-plan.test.ts), its two
// halves must be able to read the partial indexes of migration 002, not every event since the
// moment through problem_events_at. The tables are empty here, so scans of the table are
// switched off: what is left is whether the query's predicates match the indexes' at all.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/store/pg/migrate';
import { TIER_EVENTS_PG } from '../../server/store/pg/pg-events';
import { createTestDatabase } from './pg-db';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  await migrate(pool);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('the moment-tier query on PostgreSQL', () => {
  it('reads the partial indexes of the escalations, not the event log by time', async () => {
    const c = await pool.connect();
    try {
      await c.query('SET enable_seqscan = off');
      await c.query('SET enable_bitmapscan = off');
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${TIER_EVENTS_PG}`, [0]);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using problem_events_escalated/);
      expect(plan).toMatch(/Index (Only )?Scan using problem_events_tiers/);
      expect(plan).not.toMatch(/Seq Scan on problem_events|problem_events_at\b/);
    } finally {
      c.release();
    }
  });
});
