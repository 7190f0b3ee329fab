// POST /api/admin/recount: every aggregate counted again from the store and compared with the
// running totals, the check that the incremental path has not drifted.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireScope } from '../../auth';
import { recountFromStore } from '../../aggregate/recount';
import type { Services } from '../../services';
import { ERRORS, RecountSchema } from '../../schemas/responses';

export function recountRoute(app: FastifyInstance, s: Services): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/admin/recount',
    {
      onRequest: requireScope(s.store, 'admin'),
      schema: {
        tags: ['admin'],
        summary: 'Recount every aggregate from the store and compare with the running totals',
        security: [{ bearer: [] }],
        response: { 200: RecountSchema, ...ERRORS },
      },
    },
    async () => {
      const t0 = performance.now();
      const fresh = recountFromStore(s.store, s.index, s.deps.now).agg;
      const ids = [...s.index.regions.keys()];
      const differing = ids.filter(
        (id) => JSON.stringify(fresh.windows(id)) !== JSON.stringify(s.agg.windows(id)),
      );
      return {
        identical: differing.length === 0,
        differing: differing.slice(0, 20),
        regions: ids.length,
        ms: Math.round(performance.now() - t0),
      };
    },
  );
}
