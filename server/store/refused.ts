// "The database refused this row" (a constraint or a trigger standing for one), as either store
// reports it: the row is rejected on its own and the rest go on. Anything else is a real failure.

export function rowRefused(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // SQLite: SQLITE_CONSTRAINT and its extended codes; PostgreSQL: SQLSTATE class 23.
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}
