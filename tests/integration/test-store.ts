// Which store the integration suite runs against: the embedded SQLite (default) or, with
// TEST_STORE=pg, PostgreSQL on 127.0.0.1:5432 (scripts/run-tests.ts runs the suite both ways).
export const ON_PG = process.env.TEST_STORE === 'pg';

/** Why a test of the SQLite file itself does not run against PostgreSQL. */
export const SQLITE_ONLY = 'about the SQLite file itself; TEST_STORE=pg runs on PostgreSQL';
