// Concurrent writers for the crash cycles: creates, transitions, ratings, single check-ins and
// batches, each recorded in the WriteModel before it is sent and confirmed when it is answered.
import { PROBLEM_STAGES } from '../../shared/protocol';
import { tinyGridIds } from '../fixtures/tiny-dataset';
import type { WriteModel } from './write-model';

const GRIDS = tinyGridIds();

export interface WriterContext {
  url: string;
  token: string;
  model: WriteModel;
  rand: () => number;
  /** Answers that are neither 2xx nor a dropped connection: the model or the server is wrong. */
  unexpected: string[];
}

async function post(ctx: WriterContext, path: string, body: unknown): Promise<Response> {
  return fetch(`${ctx.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Writes until the server stops answering (it was killed). */
export async function writer(ctx: WriterContext, name: string, cycle: number): Promise<void> {
  const { model, rand } = ctx;
  const grid = () => GRIDS[Math.floor(rand() * GRIDS.length)]!;
  const mine = () => [...model.problems.values()].filter((p) => p.id.includes(`-${name}-`));
  const expect = async (res: Response, status: number, what: string) => {
    if (res.status === status) return true;
    ctx.unexpected.push(`${what}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return false;
  };
  for (let i = 0; ; i++) {
    const id = `${name}-c${cycle}-${i}`;
    const r = rand();
    try {
      const open = mine().filter((p) => p.pending === null && p.confirmed >= 0 && p.confirmed < 4);
      const unrated = mine().filter((p) => p.confirmed === 4 && p.rating === 'none');
      if (r < 0.3 && open.length > 0) {
        const p = open[Math.floor(rand() * open.length)]!;
        const next = p.confirmed + 1;
        const stage = PROBLEM_STAGES[next]!;
        p.pending = next;
        const res = await post(ctx, `/api/problems/${p.id}/transitions`, {
          stage,
          ...(stage === 'responding' ? { tier: 'grid' } : {}),
        });
        if (await expect(res, 200, `transition ${p.id} → ${stage}`)) {
          p.confirmed = next;
          p.pending = null;
          model.acknowledged++;
        }
      } else if (r < 0.4 && unrated.length > 0) {
        const p = unrated[0]!;
        p.rating = 'pending';
        const res = await post(ctx, `/api/problems/${p.id}/rating`, { rating: 'satisfied' });
        if (await expect(res, 200, `rating ${p.id}`)) {
          p.rating = 'confirmed';
          model.acknowledged++;
        }
      } else if (r < 0.55) {
        const batch = {
          problemIds: [0, 1, 2, 3].map((k) => `b-${id}-${k}`),
          volunteerIds: [0, 1].map((k) => `bv-${id}-${k}`),
          acked: false,
        };
        model.batches.push(batch);
        const records = [
          ...batch.problemIds.map((pid) => ({
            type: 'problem',
            data: { id: pid, category: 'environment', source: 'patrol', gridId: grid() },
          })),
          ...batch.volunteerIds.map((vid) => ({
            type: 'volunteer',
            data: { id: vid, regionId: grid(), hours: 1.5 },
          })),
        ];
        const res = await post(ctx, '/api/batch', { records });
        if (await expect(res, 200, `batch ${id}`)) {
          const body = (await res.json()) as { accepted: number };
          if (body.accepted === records.length) {
            batch.acked = true;
            model.acknowledged++;
          } else ctx.unexpected.push(`batch ${id}: ${body.accepted}/${records.length} accepted`);
        }
      } else if (r < 0.7) {
        const vid = `v-${id}`;
        model.volunteers.set(vid, false);
        const res = await post(ctx, '/api/volunteer-checkins', {
          id: vid,
          regionId: grid(),
          hours: 2,
        });
        if (await expect(res, 201, `check-in ${vid}`)) {
          model.volunteers.set(vid, true);
          model.acknowledged++;
        }
      } else {
        const pid = `p-${id}`;
        model.problems.set(pid, { id: pid, confirmed: -1, pending: 0, rating: 'none' });
        const res = await post(ctx, '/api/problems', {
          id: pid,
          category: 'safety',
          source: 'resident',
          gridId: grid(),
        });
        const p = model.problems.get(pid)!;
        if (await expect(res, 201, `create ${pid}`)) {
          p.confirmed = 0;
          p.pending = null;
          model.acknowledged++;
        }
      }
    } catch {
      return; // the connection died with the server
    }
  }
}
