// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a write is on disk
// before its 2xx leaves (it survives kill -9). better-sqlite3 is synchronous, which is what makes
// "acknowledged means durable" simple: the answer is sent after the commit returned.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEMA } from './sqlite-schema';
import { migrate } from './sqlite-migrate';
import { sqliteActivity } from './sqlite-activity';
import { sqliteEvents } from './sqlite-events';
import { sqliteIdempotency } from './sqlite-idempotency';
import { sqliteProblems } from './sqlite-problems';
import { sqliteTokens } from './sqlite-tokens';
import { sqliteImports } from './sqlite-imports';
import { sqliteConsoleTokens } from './console-tokens';
import type { Store } from './records';

function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  migrate(db);
  return db;
}

function sqliteMeta(db: Database.Database): Pick<Store, 'getMeta' | 'setMeta'> {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  return {
    getMeta: (key) => get.get(key)?.value,
    setMeta: (key, value) => {
      set.run(key, value);
    },
  };
}

export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  const problems = sqliteProblems(db);
  return {
    transaction: (fn) => db.transaction(fn)(),
    ...problems,
    imports: sqliteImports(db, problems.getProblem),
    consoleTokens: sqliteConsoleTokens(db),
    ...sqliteActivity(db),
    ...sqliteEvents(db),
    ...sqliteIdempotency(db),
    ...sqliteTokens(db),
    ...sqliteMeta(db),
    close: () => db.close(),
  };
}
