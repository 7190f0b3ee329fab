// What screens and people read: the map geometry, a scope's snapshot, one problem (public
// fields only), health, and the admin recount.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REGION_LEVELS } from '../../../shared/protocol';
import type { GeoBundle } from '../../../shared/protocol';
import { HttpError } from '../../http-error';
import { dayStartMs, localIso, windowDays } from '../../metrics/time';
import { requireScope } from '../../auth';
import { toPublic } from '../../ingest/problem-ops';
import { recountFromStore } from '../../aggregate/recount';
import type { Hub } from '../../hub/hub';
import { createAsOfViews } from '../../hub/as-of-views';
import { MOMENT_EXAMPLE, parseMoment } from '../../../shared/moment';
import type { Services } from '../../services';
import {
  ERRORS,
  GeoBundleSchema,
  HealthSchema,
  HeatSchema,
  ProblemPublicSchema,
  RecountSchema,
  SnapshotSchema,
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

const NEW_MOMENTS_PER_MINUTE = 20;
/** A presenter's laptop clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function readRoutes(app: FastifyInstance, s: Services, hub: Hub, startedAt: number): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Geometry never changes while the process runs: serialise it once.
  const geoJson = JSON.stringify(geoBundle(s));

  r.get(
    '/api/health',
    {
      schema: {
        tags: ['read'],
        summary: 'Liveness and what is loaded',
        response: { 200: HealthSchema, ...ERRORS },
      },
    },
    async () => ({
      ok: true,
      dataset: s.dataset.manifest.id,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
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

  const asOf = createAsOfViews(s.store, s.index, s.deps.now);
  // Each moment not asked for before is a recount of the store (about a second for the demo
  // district): only those count against this limit, so the windows of a briefing never hit it.
  const newMoments = app.createRateLimit({ max: NEW_MOMENTS_PER_MINUTE, timeWindow: 60_000 });

  r.get(
    '/api/snapshot',
    {
      schema: {
        tags: ['read'],
        summary:
          'What a screen subscribed to this scope sees now, or (with at) saw at an earlier moment',
        querystring: Type.Object({
          level: Type.Optional(Type.Enum([...REGION_LEVELS])),
          id: Type.Optional(Type.String()),
          at: Type.Optional(
            Type.String({
              description: `the figures as the store stood then (a briefing's frozen figures): ${MOMENT_EXAMPLE}; a date means the end of that day in Asia/Shanghai`,
            }),
          ),
        }),
        response: { 200: SnapshotSchema, ...ERRORS },
      },
    },
    async (req) => {
      const scope = {
        level: req.query.level ?? 'district',
        id: req.query.id ?? s.index.districtId,
      };
      const at = req.query.at === undefined ? null : parseMoment(req.query.at, s.deps.now());
      if (req.query.at !== undefined && at === null)
        throw new HttpError(
          400,
          'bad_moment',
          `querystring.at must be a date or an ISO date-time with its offset, e.g. ${MOMENT_EXAMPLE}`,
        );
      if (at !== null && at > s.deps.now() + CLOCK_SKEW_MS)
        throw new HttpError(
          400,
          'future_moment',
          `querystring.at (${req.query.at}) is in the future: figures exist up to now (${localIso(s.deps.now())})`,
        );
      if (at !== null && !asOf.has(at)) {
        const limit = await newMoments(req);
        if (!limit.isAllowed && limit.isExceeded)
          throw new HttpError(
            429,
            'rate_limited',
            `too many different moments: at most ${NEW_MOMENTS_PER_MINUTE} new values of at a minute from one client; retry in ${limit.ttlInSeconds} s`,
          );
      }
      const snap = at === null ? hub.snapshot(scope) : asOf.snapshot(scope, at);
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
        response: { 200: HeatSchema, ...ERRORS },
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
        response: { 200: ProblemPublicSchema, ...ERRORS },
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
