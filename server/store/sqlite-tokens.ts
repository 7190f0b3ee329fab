// Bearer tokens, by the SHA-256 of the token; a label names where a token came from (an
// environment variable or a generated file) so a changed one retires its predecessor.
import type Database from 'better-sqlite3';

export function sqliteTokens(db: Database.Database) {
  const put = db.prepare(
    'INSERT OR REPLACE INTO tokens (hash, scope, label, created_at) VALUES (?, ?, ?, ?)',
  );
  const dropOthers = db.prepare('DELETE FROM tokens WHERE label = ? AND hash != ?');
  const dropLabel = db.prepare('DELETE FROM tokens WHERE label = ?');
  const scope = db.prepare<[string], { scope: string }>('SELECT scope FROM tokens WHERE hash = ?');
  return {
    putToken: db.transaction((hash: string, scope: string, label: string) => {
      dropOthers.run(label, hash);
      put.run(hash, scope, label, Date.now());
    }),
    dropTokens: (label: string): void => {
      dropLabel.run(label);
    },
    tokenScope: (hash: string): string | undefined => scope.get(hash)?.scope,
  };
}
