// The checkers of the fuzz and crash suites must catch what they are there to catch: a lost
// acknowledged write, a transition without its event, a half batch, a problem that breaks the
// domain's rules. Each is planted in a real SQLite file (the server's schema) or a record.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA } from '../../server/store/sqlite-schema';
import { WriteModel } from '../faults/write-model';
import { problemFaults } from '../fuzz/integrity';
import { problemRecord } from '../fixtures/problem-record';

const dir = mkdtempSync(join(tmpdir(), 'fault-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dbWith(name: string, rows: (db: Database.Database) => void): string {
  const file = join(dir, `${name}.sqlite`);
  const db = new Database(file);
  db.exec(SCHEMA);
  rows(db);
  db.close();
  return file;
}

function problem(db: Database.Database, id: string, stage: string, events: string[]): void {
  db.prepare(
    `INSERT INTO problems (id, category, source, grid_id, lon, lat, stage, reported_at, called_at, due_at)
     VALUES (?, 'safety', 'patrol', 'g', 104, 30.7, ?, 1, ?, 10)`,
  ).run(id, stage, stage === 'called' ? 2 : null);
  for (const s of events)
    db.prepare(
      `INSERT INTO problem_events (id, problem_id, kind, stage, at) VALUES (?, ?, ?, ?, 1)`,
    ).run(`${id}:${s}`, id, s, s);
}

describe('crash-cycle write model', () => {
  it('passes a file that holds exactly what was acknowledged', () => {
    const m = new WriteModel();
    m.problems.set('a', { id: 'a', confirmed: 1, pending: null, rating: 'none' });
    m.problems.set('b', { id: 'b', confirmed: -1, pending: 0, rating: 'none' });
    m.verify(dbWith('fine', (db) => problem(db, 'a', 'called', ['reported', 'called'])));
    expect([m.lost, m.halfThere]).toEqual([[], []]);
    expect(m.problems.has('b')).toBe(false); // never landed: dropped from the model
  });

  it('finds a lost create, a lost transition, a transition without its event', () => {
    const m = new WriteModel();
    m.problems.set('gone', { id: 'gone', confirmed: 0, pending: null, rating: 'none' });
    m.problems.set('back', { id: 'back', confirmed: 1, pending: null, rating: 'none' });
    m.problems.set('half', { id: 'half', confirmed: 0, pending: 1, rating: 'none' });
    m.verify(
      dbWith('faulty', (db) => {
        problem(db, 'back', 'reported', ['reported']);
        problem(db, 'half', 'called', ['reported']);
      }),
    );
    expect(m.lost).toEqual(['problem gone', 'problem back at reported, expected called']);
    expect(m.halfThere).toEqual(['problem half at called with events of reported']);
  });

  it('finds a half batch and a lost acknowledged check-in', () => {
    const m = new WriteModel();
    m.batches.push({ problemIds: ['p1', 'p2'], volunteerIds: [], acked: false });
    m.volunteers.set('v1', true);
    m.verify(dbWith('batch', (db) => problem(db, 'p1', 'reported', ['reported'])));
    expect(m.halfThere).toEqual(['batch p1: 1/2 records']);
    expect(m.lost).toEqual(['volunteer v1']);
  });
});

describe('domain rules of a stored problem', () => {
  const base = problemRecord({
    id: 'x',
    placeId: 'g1',
    position: [104, 30.7],
    stage: 'called',
    reportedAt: 10,
    calledAt: 20,
    dueAt: 100,
  });
  const grids = new Set(['g1']);

  it('accepts a sound problem and names each broken rule', () => {
    expect(problemFaults(base, grids)).toEqual([]);
    expect(problemFaults({ ...base, calledAt: 5 }, grids)).toEqual([
      'x: calledAt earlier than the stage before it',
    ]);
    expect(problemFaults({ ...base, placeId: 'nowhere' }, grids)).toEqual(['x: placeId nowhere']);
    expect(problemFaults({ ...base, rating: 'satisfied', ratedAt: 30 }, grids)).toEqual([
      'x: rated before closed',
    ]);
    expect(problemFaults({ ...base, handledAt: 40 }, grids)).toEqual([
      'x: handledAt set before reaching that stage (called)',
    ]);
    expect(problemFaults({ ...base, position: [NaN, 30] }, grids)).toEqual(['x: position NaN,30']);
  });
});
