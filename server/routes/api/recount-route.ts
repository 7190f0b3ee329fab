// POST /api/admin/recount: every stored row counted again (in a worker thread, on a read-only
// connection) and compared with the stored roll-ups, the check that the incremental path has not
// drifted. It never blocks the walls; the same check runs nightly.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireScope } from '../../auth';
import type { Services } from '../../services';
import { ERRORS, RecountSchema } from '../../schemas/responses';

export function recountRoute(app: FastifyInstance, s: Services): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/admin/recount',
    {
      onRequest: requireScope(s.store, 'admin'),
      schema: {
        tags: ['admin'],
        summary: 'Count every stored row again and compare with the stored roll-ups',
        security: [{ bearer: [] }],
        response: { 200: RecountSchema, ...ERRORS },
      },
    },
    async () => {
      const r = await s.checkRollups();
      return {
        identical: r.identical,
        differing: r.differing.slice(0, 20),
        regions: s.index.regions.size,
        ms: r.ms,
      };
    },
  );
}
