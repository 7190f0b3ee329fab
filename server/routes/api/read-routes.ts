// What screens and people read: the map geometry, a scope's snapshot, one problem (public
// fields only), health, and the admin recount.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { GeoBundle } from '../../../shared/protocol';
import { HttpError } from '../../http-error';
import { dayStartMs, localIso, windowDays } from '../../metrics/time';
import { requireScope } from '../../auth';
import { toPublic } from '../../ingest/problem-ops';
import { recountFromStore } from '../../aggregate/recount';
import { coarsen, type PositionPolicy } from '../../hub/public-position';
import type { Services } from '../../services';
import type { ReadContext } from './read-context';
import { snapshotRoute } from './snapshot-route';
import {
  ERRORS,
  GeoBundleSchema,
  HealthSchema,
  HeatSchema,
  ProblemPublicSchema,
  RecountSchema,
} from '../../schemas/responses';

export function geoBundle(s: Services): GeoBundle {
  const m = s.dataset.manifest;
  return {
    dataset: { id: m.id, name: m.name, nameEn: m.nameEn, datum: 'WGS84', bbox: m.bbox },
    regions: s.dataset.regions,
    context: s.dataset.context,
    stations: s.dataset.stations,
  };
}

export function readRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const { s } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Geometry never changes while the process runs: serialise it once.
  const geoJson = JSON.stringify(geoBundle(s));
  const coarse = (req: FastifyRequest): PositionPolicy =>
    ctx.exact(req) ? 'exact' : ctx.positions;

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

  snapshotRoute(app, ctx);

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
      const policy = coarse(req);
      // Grid snapping needs the grid: the heat list carries points only, so it snaps to cells.
      const points = s.store
        .positionsSince(since)
        .map((p) => coarsen(p, '', policy === 'exact' ? 'exact' : 'cell', s.index));
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
      const p = s.store.getProblem(req.params.id);
      if (!p) throw new HttpError(404, 'unknown_problem', `no problem with id "${req.params.id}"`);
      const pub = toPublic(p, s.deps);
      return { ...pub, position: coarsen(pub.position, pub.gridId, coarse(req), s.index) };
    },
  );

  r.post(
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
