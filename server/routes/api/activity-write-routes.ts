// Writes of single activity records (each made idempotent by its own id) and the batch door.
import type { Static, TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BatchSchema,
  PartyReportSchema,
  StationVisitSchema,
  VolunteerCheckinSchema,
} from '../../schemas/ingest';
import { ActivityResultSchema, BatchResultSchema, ERRORS } from '../../schemas/responses';
import type { WriteRouteContext } from './write-route-parts';

/** A write whose answer is the service's status and body as they are. */
function plainWrite<S extends TSchema>(
  app: FastifyInstance,
  { common, security }: WriteRouteContext,
  route: { path: string; summary: string; body: S },
  run: (b: Static<S>) => Promise<{ status: number; body: Static<typeof ActivityResultSchema> }>,
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    route.path,
    {
      ...common,
      schema: {
        tags: ['ingest'],
        summary: route.summary,
        security,
        body: route.body,
        response: { 200: ActivityResultSchema, 201: ActivityResultSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const res = await run(req.body as Static<S>);
      return reply.code(res.status).send(res.body);
    },
  );
}

export function activityWriteRoutes(app: FastifyInstance, c: WriteRouteContext): void {
  const { ingest } = c.s;
  plainWrite(
    app,
    c,
    {
      path: '/api/volunteer-checkins',
      summary: 'Volunteer service hours',
      body: VolunteerCheckinSchema,
    },
    ingest.volunteer,
  );
  plainWrite(
    app,
    c,
    {
      path: '/api/party-reports',
      summary: 'A party member reporting to the community (双报到)',
      body: PartyReportSchema,
    },
    ingest.partyReport,
  );
  plainWrite(
    app,
    c,
    {
      path: '/api/station-visits',
      summary: 'A visit to a service station',
      body: StationVisitSchema,
    },
    ingest.stationVisit,
  );
}

export function batchRoute(app: FastifyInstance, { s, common, security }: WriteRouteContext) {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/batch',
    {
      ...common,
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['ingest'],
        summary: 'Many records at once; each is accepted or rejected on its own',
        security,
        body: BatchSchema,
        response: { 200: BatchResultSchema, ...ERRORS },
      },
    },
    async (req) => s.ingest.batch(req.body.records),
  );
}
