// Which store a node runs on (DATABASE_URL) and which PostgreSQL errors count as an outage
// (answered 503 + Retry-After) rather than a fault of the request or the server.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';
import { storeName } from '../../server/services';
import { classified, unsent } from '../../server/store/pg/unavailable';
import { StoreUnavailableError } from '../../server/store/unavailable';

const coded = (message: string, code: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('DATABASE_URL', () => {
  it('selects PostgreSQL with a pool size, SQLite without it', () => {
    const pg = configFromEnv({
      DATABASE_URL: 'postgres://u:secret@db:5432/screen',
      DB_POOL_SIZE: '4',
    });
    expect(pg).toMatchObject({ databaseUrl: 'postgres://u:secret@db:5432/screen', dbPoolSize: 4 });
    expect(storeName(pg)).toBe('PostgreSQL db:5432/screen (pool of 4)');
    expect(storeName(pg)).not.toContain('secret');
    const lite = configFromEnv({ DB_FILE: ':memory:' });
    expect(lite).toMatchObject({ databaseUrl: undefined, dbPoolSize: 10 });
    expect(storeName(lite)).toBe('SQLite :memory:');
  });

  it('refuses another scheme and a pool of 0, naming the variable', () => {
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://db/screen' })).toThrow(/DATABASE_URL/);
    expect(() => configFromEnv({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
  });
});

describe('a PostgreSQL outage', () => {
  it('is told apart from a refused or wrong statement', () => {
    const outages = [
      coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED', { syscall: 'connect' }),
      coded('read ECONNRESET', 'ECONNRESET', { syscall: 'read' }),
      coded('terminating connection due to administrator command', '57P01'),
      coded('the database system is starting up', '57P03'),
      coded('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ];
    for (const e of outages) expect(classified(e), e.message).toBeInstanceOf(StoreUnavailableError);
    const faults = [
      coded('duplicate key value violates unique constraint', '23505'),
      coded('syntax error at or near "SELEC"', '42601'),
      coded('deadlock detected', '40P01'),
      new Error('the store is closed'),
    ];
    for (const e of faults) expect(classified(e), e.message).toBe(e);
  });

  it('may send a statement again only when it never left the process', () => {
    expect(unsent(coded('write ECONNRESET', 'ECONNRESET', { syscall: 'write' }))).toBe(true);
    expect(unsent(coded('write EPIPE', 'EPIPE'))).toBe(true);
    expect(unsent(coded('read ECONNRESET', 'ECONNRESET', { syscall: 'read' }))).toBe(false);
    expect(unsent(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
