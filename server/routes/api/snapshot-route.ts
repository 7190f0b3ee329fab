// GET /api/snapshot: what a screen subscribed to a scope sees now, or (with at) saw at a moment a
// briefing is frozen at. Holding a new moment costs a layer that follows every write after it, so only a
// presenter's briefing start (over the socket) or an admin creates one; anyone else reads a moment
// the server already holds, or hears which ones it holds.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REGION_LEVELS } from '../../../shared/protocol';
import { MOMENT_EXAMPLE, parseMoment } from '../../../shared/moment';
import { HttpError } from '../../http-error';
import { localIso } from '../../metrics/time';
import { bearer, tokenHas } from '../../auth';
import { CLOCK_SKEW_MS } from '../../socket/briefings';
import type { ReadContext } from './read-context';
import { ERRORS, SnapshotSchema } from '../../schemas/responses';

export function snapshotRoute(app: FastifyInstance, ctx: ReadContext): void {
  const { s, hub, asOf } = ctx;
  const isAdmin = (req: FastifyRequest) => tokenHas(s.store, bearer(req), []);

  /** The moment of `at`, checked; null for "now". */
  async function moment(at: string | undefined, req: FastifyRequest): Promise<number | null> {
    if (at === undefined) return null;
    const t = parseMoment(at, s.deps.now());
    if (t === null)
      throw new HttpError(
        400,
        'bad_moment',
        `querystring.at must be a date or an ISO date-time with its offset, e.g. ${MOMENT_EXAMPLE}`,
      );
    if (t > s.deps.now() + CLOCK_SKEW_MS)
      throw new HttpError(
        400,
        'future_moment',
        `querystring.at (${at}) is in the future: figures exist up to now (${localIso(s.deps.now())})`,
      );
    if (!asOf.has(t) && !(await isAdmin(req))) {
      const held = asOf.moments();
      throw new HttpError(
        404,
        'unknown_moment',
        `the server holds no figures at ${localIso(t)}: a presenter starting a briefing (or an admin) creates a moment; held now: ${held.length > 0 ? held.join(', ') : 'none'}`,
        { moments: held },
      );
    }
    return t;
  }

  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/snapshot',
    {
      schema: {
        tags: ['read'],
        summary:
          'What a screen subscribed to this scope sees now, or (with at) saw at a moment a briefing is frozen at',
        querystring: Type.Object({
          level: Type.Optional(Type.Enum([...REGION_LEVELS])),
          id: Type.Optional(Type.String({ maxLength: 80 })),
          at: Type.Optional(
            Type.String({
              maxLength: 40,
              description: `a moment the server holds (a running briefing's freeze; an admin may ask for any): ${MOMENT_EXAMPLE}; a date means the end of that day in Asia/Shanghai`,
            }),
          ),
          token: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: SnapshotSchema, ...ERRORS },
      },
    },
    async (req) => {
      const scope = {
        level: req.query.level ?? 'district',
        id: req.query.id ?? s.index.districtId,
      };
      const at = await moment(req.query.at, req);
      const exact = await ctx.exact(req);
      const snap =
        at === null
          ? hub.snapshot(scope, exact)
          : await asOf.snapshot(scope, at, exact ? 'exact' : ctx.positions);
      if (!snap)
        throw new HttpError(
          404,
          'unknown_scope',
          `no ${scope.level} with this id in this district; GET /api/geo lists them`,
        );
      return snap;
    },
  );
}
