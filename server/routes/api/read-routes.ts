// What screens and people read: the map geometry, a scope's snapshot, one problem (public
// fields only), health, and the admin recount.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { GeoBundle } from '../../../shared/protocol';
import type { Services } from '../../services';
import type { ReadContext } from './read-context';
import { problemReadRoutes } from './problem-read-routes';
import { recountRoute } from './recount-route';
import { snapshotRoute } from './snapshot-route';
import { ERRORS, GeoBundleSchema, HealthSchema } from '../../schemas/responses';

export function geoBundle(s: Services): GeoBundle {
  const m = s.dataset.manifest;
  return {
    dataset: {
      id: m.id,
      name: m.name,
      nameEn: m.nameEn,
      datum: 'WGS84',
      bbox: m.bbox,
      // The screen names the levels from these (街道/镇…); absent, it says 街道 / 社区.
      ...(m.levels ? { levels: m.levels } : {}),
    },
    regions: s.dataset.regions,
    context: s.dataset.context,
    stations: s.dataset.stations,
  };
}

/** Health and the map geometry: what a screen loads before anything else. */
function statusRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const { s } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Geometry never changes while the process runs: serialise it once.
  const geoJson = JSON.stringify(geoBundle(s));

  r.get(
    '/api/health',
    {
      schema: {
        tags: ['read'],
        summary: 'Liveness, what is loaded, event-loop delay',
        response: { 200: HealthSchema, ...ERRORS },
      },
    },
    async () => ({
      ok: true,
      dataset: s.dataset.manifest.id,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      eventLoop: ctx.loop.read(),
      writes: s.ingest.groupStats(),
    }),
  );

  // Registered untyped: the answer is the bundle serialised once above (a string), which the
  // typed reply would refuse; the schema documents it and Fastify sends a string as it is.
  app.get(
    '/api/geo',
    {
      schema: {
        tags: ['read'],
        summary: 'Regions, context districts and stations (GeoJSON, WGS84)',
        response: { 200: GeoBundleSchema, ...ERRORS },
      },
    },
    async (_req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(geoJson),
  );
}

export function readRoutes(app: FastifyInstance, ctx: ReadContext): void {
  statusRoutes(app, ctx);
  snapshotRoute(app, ctx);
  problemReadRoutes(app, ctx);
  recountRoute(app, ctx.s);
}
