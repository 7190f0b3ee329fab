// Reads about problems for anyone with the screen: the heat map's points and one problem's public
// fields, positions coarsened unless the caller may see them exact.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../../http-error';
import { dayStartMs, localIso, windowDays } from '../../metrics/time';
import { toPublic } from '../../ingest/problem-ops';
import { coarsen, type PositionPolicy } from '../../hub/public-position';
import type { ReadContext } from './read-context';
import { ERRORS, HeatSchema, ProblemPublicSchema } from '../../schemas/responses';

export function problemReadRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const { s } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const coarse = async (req: FastifyRequest): Promise<PositionPolicy> =>
    (await ctx.exact(req)) ? 'exact' : ctx.positions;

  r.get(
    '/api/heat',
    {
      schema: {
        tags: ['read'],
        summary:
          'Where problems were reported in the last 30 days: [lon, lat] points for the heat map',
        response: { 200: HeatSchema, ...ERRORS },
      },
    },
    async (req) => {
      const since = dayStartMs(windowDays('rolling30', s.deps.now())[0]);
      const policy = await coarse(req);
      // Grid snapping needs the grid: the heat list carries points only, so it snaps to cells.
      const points = (await s.store.positionsSince(since)).map((p) =>
        coarsen(p, '', policy === 'exact' ? 'exact' : 'cell', s.index),
      );
      return { since: localIso(since), points };
    },
  );

  r.get(
    '/api/problems/:id',
    {
      schema: {
        tags: ['read'],
        summary: 'One problem, public fields only',
        params: Type.Object({ id: Type.String({ maxLength: 80 }) }),
        response: { 200: ProblemPublicSchema, ...ERRORS },
      },
    },
    async (req) => {
      const p = await s.store.getProblem(req.params.id);
      if (!p) throw new HttpError(404, 'unknown_problem', `no problem with id "${req.params.id}"`);
      const pub = toPublic(p, s.deps);
      return { ...pub, position: coarsen(pub.position, p.placeId, await coarse(req), s.index) };
    },
  );
}
