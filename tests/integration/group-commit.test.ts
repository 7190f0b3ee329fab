// Group commit through the real app: concurrent writes share transactions, yet each is judged on
// its own (a bad one gets its 4xx and takes no neighbour with it), and an Idempotency-Key
// repeated inside one group still gets the first request's answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INGEST, buildTestApp, post, type TestApp } from './build-app';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { ProblemCreate, Snapshot } from '../../shared/protocol';

let t: TestApp;
beforeEach(async () => (t = await buildTestApp()));
afterEach(async () => t?.close());

const grids = tinyGridIds();
const problem = (id: string, gridId = grids[1]!): ProblemCreate => ({
  id,
  category: 'environment',
  source: 'patrol',
  gridId,
});
const stats = () => t.app.services.ingest.groupStats();
const today = async () =>
  (await t.app.inject({ url: '/api/snapshot' })).json<Snapshot>().view.windows.today;

describe('group commit over HTTP', () => {
  it('stores every good write of 50 concurrent ones and answers each bad one with its 4xx', async () => {
    for (const i of [0, 1, 2, 3, 4])
      expect((await post(t.app, '/api/problems', problem(`open-${i}`))).statusCode).toBe(201);
    const before = { stats: stats(), today: await today() };

    type Case = { url: string; body: object; status: number; error?: string };
    const cases: Case[] = [];
    for (let i = 0; i < 50; i++) {
      const k = i % 10;
      if (k < 5) cases.push({ url: '/api/problems', body: problem(`ok-${i}`), status: 201 });
      else if (k === 5)
        // Refused inside the group's transaction, by the op itself.
        cases.push({
          url: '/api/problems',
          body: problem(`bad-grid-${i}`, 'no-such-grid'),
          status: 400,
          error: 'unknown_grid',
        });
      else if (k === 6)
        cases.push({
          url: '/api/volunteer-checkins',
          body: { id: `v-${i}`, regionId: grids[1], hours: 2 },
          status: 201,
        });
      else if (k === 7)
        cases.push({
          url: `/api/problems/nobody-${i}/transitions`,
          body: { stage: 'called' },
          status: 404,
          error: 'unknown_problem',
        });
      else if (k === 8)
        cases.push({
          url: `/api/problems/open-${Math.floor(i / 10)}/transitions`,
          body: { stage: 'called' },
          status: 200,
        });
      // Refused before the queue, by the route's schema.
      else cases.push({ url: '/api/problems', body: { id: `no-category-${i}` }, status: 400 });
    }
    const answers = await Promise.all(cases.map((c) => post(t.app, c.url, c.body)));

    answers.forEach((res, i) => {
      expect({ i, status: res.statusCode }).toEqual({ i, status: cases[i]!.status });
      if (cases[i]!.error) expect(res.json<{ error: string }>().error).toBe(cases[i]!.error);
    });
    for (let i = 0; i < 50; i += 10)
      for (let j = i; j < i + 5; j++)
        expect((await t.app.inject({ url: `/api/problems/ok-${j}` })).statusCode).toBe(200);
    for (const i of [0, 1, 2, 3, 4]) {
      const p = await t.app.inject({ url: `/api/problems/open-${i}` });
      expect(p.json<{ stage: string }>().stage).toBe('called');
    }
    expect((await t.app.inject({ url: '/api/problems/bad-grid-5' })).statusCode).toBe(404);

    // The figures took exactly the stored writes.
    const after = await today();
    expect(after.reported - before.today.reported).toBe(25);
    expect(after.volunteerCheckins - before.today.volunteerCheckins).toBe(5);

    // 45 writes reached the committer (5 failed the schema); they shared a few commits.
    const s = stats();
    expect(s.ops - before.stats.ops).toBe(45);
    expect(s.groups - before.stats.groups).toBeLessThan(10);
    expect(s.largest).toBeGreaterThan(4);
  });

  it('gives a repeated Idempotency-Key in the same group the first answer, stored once', async () => {
    const ingest = t.app.services.ingest;
    await ingest.createProblem(problem('idem-1'));
    const before = stats();
    // Called one after another with no await between: all five are in one group.
    const same = [0, 1, 2].map(() => ingest.transition('idem-1', { stage: 'called' }, 'key-1'));
    const other = ingest.transition('idem-1', { stage: 'called' }, 'key-2');
    const clash = ingest.transition(
      'idem-1',
      { stage: 'responding', tier: 'grid' },
      'key-1', // the same key with another body
    );
    const [a, b, c] = await Promise.all(same);
    const [clashed, illegal] = await Promise.allSettled([clash, other]);
    expect(clashed).toMatchObject({
      status: 'rejected',
      reason: { statusCode: 422, code: 'idempotency_key_reused' },
    });
    // key-2 is a new request: the problem is called already, so it is an illegal transition.
    expect(illegal).toMatchObject({ status: 'rejected', reason: { statusCode: 409 } });
    expect(stats().groups - before.groups).toBe(1);
    expect(stats().ops - before.ops).toBe(5);
    expect(a!.duplicate).toBeUndefined();
    expect([b!.duplicate, c!.duplicate]).toEqual([true, true]);
    expect(b!.body).toEqual(a!.body);
    expect(c!.body).toEqual(a!.body);
    const events = (await t.app.services.store.recentEvents(10)).filter(
      (e) => e.problemId === 'idem-1',
    );
    expect(events.map((e) => e.kind).sort()).toEqual(['called', 'reported']);
  });

  it('answers retried keyed requests sent concurrently over HTTP with one stored transition', async () => {
    expect((await post(t.app, '/api/problems', problem('idem-2'))).statusCode).toBe(201);
    const headers = { authorization: `Bearer ${INGEST}`, 'idempotency-key': 'retry-1' };
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() =>
        post(t.app, '/api/problems/idem-2/transitions', { stage: 'called' }, headers),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    for (const r of answers) expect(r.json()).toEqual(answers[0]!.json());
    const events = (await t.app.services.store.recentEvents(10)).filter(
      (e) => e.problemId === 'idem-2',
    );
    expect(events.map((e) => e.kind).sort()).toEqual(['called', 'reported']);
  });
});
