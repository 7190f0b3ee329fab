// Problems placed only at a community (未落网格, issue #16), written through the JSON API, the
// batch API and the import: they count in their community, street and district and in no grid;
// the community's view says how many are in no grid, and grids + 未落网格 = the community. The
// roll-ups stay equal to a recount, and a named place that does not exist is still a rejection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemPublic, RegionBrief, Snapshot } from '../../shared/protocol';
import { idPrefixOf } from '../../server/import/normalize-row';
import type { ImportDoc } from '../../server/import/import-doc';
import { HOTLINE_EXPECTED, hotlineGbkCsv } from '../fixtures/messy-exports';
import { TINY_DISTRICT_ID, TINY_STREET_IDS, tinyGridIds } from '../fixtures/tiny-dataset';
import { reduce } from '../../client/store/updaters';
import { initialState, type ScreenState } from '../../client/store/screen-state';
import {
  ADMIN,
  auth,
  buildTestApp,
  listenAndConnect,
  post,
  type ClientSocket,
  type TestApp,
} from './build-app';

const admin = { authorization: `Bearer ${ADMIN}` };
const G = tinyGridIds();
/** 测试12社区 of 测试1街道, with grids G[2] and G[3]; the fixture's A007 names it alone. */
const C = '999901001002';
const S = TINY_STREET_IDS[0];
const OTHER_STREET = TINY_STREET_IDS[1];

let t: TestApp;
let socket: ClientSocket | undefined;
let clock = Date.parse('2026-11-25T15:00:00+08:00');
beforeAll(async () => {
  t = await buildTestApp({ now: () => clock });
});
afterAll(async () => {
  socket?.close();
  await t.close();
});

const reported = (id: string) => t.app.services.agg.window(id, 'rolling30').reported;
const open = (id: string) => t.app.services.agg.current(id).open;
const counts = () =>
  Object.fromEntries(
    [TINY_DISTRICT_ID, S, OTHER_STREET, C, G[2]!, G[3]!].map((id) => [
      id,
      [reported(id), open(id)],
    ]),
  );
/** What writes added since `before`, per region: [reported in 30 days, open now]. */
const added = (before: Record<string, number[]>) =>
  Object.fromEntries(
    Object.entries(counts()).map(([id, [r, o]]) => [
      id,
      [r! - before[id]![0]!, o! - before[id]![1]!],
    ]),
  );

async function communitySnapshot(): Promise<Snapshot> {
  const res = await t.app.inject({ url: `/api/snapshot?level=community&id=${C}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function recountIdentical(): Promise<boolean> {
  const res = await post(t.app, '/api/admin/recount', {}, admin);
  return res.json().identical as boolean;
}

async function importHotline(): Promise<ImportDoc> {
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/imports?source=12345&filename=a.csv',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    payload: hotlineGbkCsv(t.config.now()),
  });
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json<ImportDoc>().id;
  for (const step of ['dry-run', 'run']) {
    const r = await post(t.app, `/api/imports/${id}/${step}`, { onUnmapped: 'reject' });
    expect(r.statusCode, r.body).toBe(202);
    await t.app.imports.idle();
  }
  return (await t.app.inject({ url: `/api/imports/${id}`, headers: auth })).json<ImportDoc>();
}

describe('a problem placed at its community, in no grid (未落网格)', () => {
  it('is counted in the community, street and district and in no grid, by every door', async () => {
    const before = counts();
    const recentAt = new Date(t.config.now() - 3600_000).toISOString();

    // The JSON API: communityId alone.
    const one = await post(t.app, '/api/problems', {
      id: 'cp-1',
      category: 'property',
      source: 'hotline',
      communityId: C,
      reportedAt: recentAt,
    });
    expect(one.statusCode, one.body).toBe(201);
    const center = t.app.services.index.regions.get(C)!.center;
    expect(one.json<ProblemPublic>()).toMatchObject({
      gridId: null,
      communityId: C,
      streetId: S,
      position: [expect.closeTo(center[0], 2), expect.closeTo(center[1], 2)],
    });

    // The batch: two more at the community (one then closed), one at a community that is not there.
    const batch = await post(t.app, '/api/batch', {
      records: [
        {
          type: 'problem',
          data: { id: 'cp-2', category: 'other', source: 'resident', communityId: C },
        },
        {
          type: 'problem',
          data: { id: 'cp-3', category: 'other', source: 'resident', communityId: C },
        },
        {
          type: 'problem',
          data: { id: 'cp-x', category: 'other', source: 'resident', communityId: '999901001009' },
        },
        { type: 'transition', problemId: 'cp-3', data: { stage: 'called' } },
        { type: 'transition', problemId: 'cp-3', data: { stage: 'responding', tier: 'community' } },
        { type: 'transition', problemId: 'cp-3', data: { stage: 'handled' } },
        { type: 'transition', problemId: 'cp-3', data: { stage: 'closed' } },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toMatchObject({ accepted: 6, rejected: 1 });
    expect(batch.json().results[2]).toMatchObject({ ok: false, error: 'unknown_community' });

    // The import: A007 names 测试1街道 · 测试12社区 and no grid; A009's coordinates are in G[3];
    // A012 names a community that is not in its street: rejected, not placed at the street.
    const doc = await importHotline();
    expect(doc.result).toMatchObject({
      accepted: HOTLINE_EXPECTED.accepted,
      rejected: HOTLINE_EXPECTED.rejected,
    });
    expect(doc.result!.rejected).not.toHaveProperty('community_only_not_supported_yet');
    const a007 = await t.app.inject({ url: `/api/problems/${idPrefixOf('12345')}:A007` });
    expect(a007.json()).toMatchObject({ gridId: null, communityId: C, streetId: S });

    // 3 by API + A007 in no grid, A009 in G[3]; A001 (测试11) is in the street, A002 elsewhere.
    // Open: cp-3 was closed; A007 and A009 are open; A001 was closed by its 办结时间.
    expect(added(before)).toEqual({
      [TINY_DISTRICT_ID]: [7, 5],
      [S]: [6, 4],
      [OTHER_STREET]: [1, 1],
      [C]: [5, 4],
      [G[2]!]: [0, 0],
      [G[3]!]: [1, 1],
    });

    // The community's view: 未落网格 is what no grid holds, and the rows add up.
    const snap = await communitySnapshot();
    const u = snap.view.unplaced!;
    expect(u).toMatchObject({ reported: 4, open: 3 });
    const sum = (k: keyof RegionBrief) =>
      [G[2]!, G[3]!].reduce((s, g) => s + (snap.view.regions[g]![k] as number), 0) +
      (u[k] as number);
    for (const k of ['reported', 'solved', 'open', 'overdue'] as const)
      expect(sum(k), k).toBe(snap.view.regions[C]![k]);
    expect(snap.view.current.open).toBe(snap.view.regions[C]!.open);
    const live = snap.view.recentEvents.find((e) => e.problemId === 'cp-1');
    expect(live).toMatchObject({ gridId: null, communityId: C, place: '测试1街道 · 测试12社区' });
    // Other scopes carry no such figure: it belongs to a community's grids.
    const street = await t.app.inject({ url: `/api/snapshot?level=street&id=${S}` });
    expect(street.json<Snapshot>().view.unplaced).toBeUndefined();

    expect(await recountIdentical()).toBe(true);

    // Undo takes the imported one back out, the API ones stay.
    const undo = await t.app.inject({
      method: 'POST',
      url: `/api/imports/${doc.id}/undo`,
      headers: admin,
    });
    expect(undo.statusCode, undo.body).toBe(202);
    await t.app.imports.idle();
    expect((await communitySnapshot()).view.unplaced).toMatchObject({ reported: 3, open: 2 });
    expect(await recountIdentical()).toBe(true);
  });

  it('names what to fix when the community is unknown or disagrees with the grid or point', async () => {
    const body = { category: 'other', source: 'hotline' };
    const unknown = await post(t.app, '/api/problems', { ...body, id: 'cq-1', communityId: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'unknown_community' });
    expect(unknown.json().message).toContain('GET /api/geo');
    // A grid's id is not a community's.
    const gridAsCommunity = await post(t.app, '/api/problems', {
      ...body,
      id: 'cq-2',
      communityId: G[0],
    });
    expect(gridAsCommunity.json()).toMatchObject({ error: 'unknown_community' });
    const otherGrid = await post(t.app, '/api/problems', {
      ...body,
      id: 'cq-3',
      communityId: C,
      gridId: G[0],
    });
    expect(otherGrid.statusCode).toBe(422);
    expect(otherGrid.json()).toMatchObject({ error: 'grid_not_in_community' });
    const far = await post(t.app, '/api/problems', {
      ...body,
      id: 'cq-4',
      communityId: C,
      position: [104.005, 30.705], // in 测试11社区
    });
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({ error: 'position_outside_community' });
    // With a point inside it, the point's grid is the place.
    const inside = await post(t.app, '/api/problems', {
      ...body,
      id: 'cq-5',
      communityId: C,
      position: [104.005, 30.715],
    });
    expect(inside.statusCode, inside.body).toBe(201);
    expect(inside.json()).toMatchObject({ gridId: G[2], communityId: C });
    const nowhere = await post(t.app, '/api/problems', { ...body, id: 'cq-6' });
    expect(nowhere.json()).toMatchObject({ error: 'no_place' });
    for (const id of ['cq-1', 'cq-2', 'cq-3', 'cq-4', 'cq-6'])
      expect((await t.app.inject({ url: `/api/problems/${id}` })).statusCode).toBe(404);
  });

  it('reaches a community screen in deltas, and a frozen view counts it as the live one', async () => {
    const { connect } = await listenAndConnect(t.app);
    socket = await connect();
    const scope = { level: 'community' as const, id: C };
    let state: ScreenState = { ...initialState(), scope };
    socket.on('delta', (d) => (state = reduce(state, 'delta', d)));
    const first = await new Promise<Snapshot>((ok, fail) =>
      socket!.emit('subscribe', scope, (r) => (r.ok ? ok(r.data) : fail(new Error(r.message)))),
    );
    state = reduce(state, 'snapshot', first);
    const before = first.view.unplaced!;

    clock += 60_000;
    const r = await post(t.app, '/api/problems', {
      id: 'cd-1',
      category: 'parking',
      source: 'resident',
      communityId: C,
    });
    expect(r.statusCode, r.body).toBe(201);
    const end = Date.now() + 5000;
    while (state.view?.unplaced?.reported !== before.reported + 1) {
      if (Date.now() > end) throw new Error(`no delta: ${JSON.stringify(state.view?.unplaced)}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    const fresh = await communitySnapshot();
    expect(state.view?.unplaced).toEqual(fresh.view.unplaced);
    expect(fresh.view.unplaced).toMatchObject({ open: before.open + 1 });

    // A briefing frozen now shows the same 未落网格 as the live wall.
    clock += 60_000;
    const frozen = await t.app.inject({
      url: `/api/snapshot?level=community&id=${C}&at=${new Date(clock - 30_000).toISOString()}`,
      headers: admin,
    });
    expect(frozen.statusCode, frozen.body).toBe(200);
    expect(frozen.json<Snapshot>().view.unplaced).toEqual(fresh.view.unplaced);
  });
});
