// What screens and people read: the map geometry, a scope's snapshot, one problem (public
// fields only), health, and the admin recount.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REGION_LEVELS } from '../../protocol';
import type { GeoBundle } from '../../protocol';
import { HttpError } from '../../http-error';
import { dayStartMs, localIso, windowDays } from '../../metrics/time';
import { requireScope } from '../../auth';
import { toPublic } from '../../ingest/problem-ops';
import { recountFromStore } from '../../aggregate/recount';
import type { Hub } from '../../hub/hub';
import type { Services } from '../../services';

export function geoBundle(s: Services): GeoBundle {
  const m = s.dataset.manifest;
  return {
    dataset: { id: m.id, name: m.name, nameEn: m.nameEn, datum: 'WGS84', bbox: m.bbox },
    regions: s.dataset.regions,
    context: s.dataset.context,
    stations: s.dataset.stations,
  };
}

export function readRoutes(app: FastifyInstance, s: Services, hub: Hub, startedAt: number): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Geometry never changes while the process runs: serialise it once.
  const geoJson = JSON.stringify(geoBundle(s));

  r.get(
    '/api/health',
    { schema: { tags: ['read'], summary: 'Liveness and what is loaded' } },
    async () => ({
      ok: true,
      dataset: s.dataset.manifest.id,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  );

  r.get(
    '/api/geo',
    {
      schema: {
        tags: ['read'],
        summary: 'Regions, context districts and stations (GeoJSON, WGS84)',
      },
    },
    async (_req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(geoJson),
  );

  r.get(
    '/api/snapshot',
    {
      schema: {
        tags: ['read'],
        summary: 'What a screen subscribed to this scope sees now',
        querystring: Type.Object({
          level: Type.Optional(Type.Enum([...REGION_LEVELS])),
          id: Type.Optional(Type.String()),
        }),
      },
    },
    async (req) => {
      const scope = {
        level: req.query.level ?? 'district',
        id: req.query.id ?? s.index.districtId,
      };
      const snap = hub.snapshot(scope);
      if (!snap)
        throw new HttpError(
          404,
          'unknown_scope',
          `no ${scope.level} with id "${scope.id}" in this district; GET /api/geo lists them`,
        );
      return snap;
    },
  );

  r.get(
    '/api/heat',
    {
      schema: {
        tags: ['read'],
        summary:
          'Where problems were reported in the last 30 days: [lon, lat] points for the heat map',
      },
    },
    async () => {
      const since = dayStartMs(windowDays('rolling30', s.deps.now())[0]);
      return { since: localIso(since), points: s.store.positionsSince(since) };
    },
  );

  r.get(
    '/api/problems/:id',
    {
      schema: {
        tags: ['read'],
        summary: 'One problem, public fields only',
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (req) => {
      const p = s.store.getProblem(req.params.id);
      if (!p) throw new HttpError(404, 'unknown_problem', `no problem with id "${req.params.id}"`);
      return toPublic(p, s.deps);
    },
  );

  r.post(
    '/api/admin/recount',
    {
      preHandler: requireScope(s.store, 'admin'),
      schema: {
        tags: ['admin'],
        summary: 'Recount every aggregate from the store and compare with the running totals',
        security: [{ bearer: [] }],
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
