// The ingest API. Every body is checked by its JSON schema before it reaches the service; the
// service answers 201 for a new record, 200 for a retry (stored nothing), 4xx with a message
// that says what to fix.
import Type, { type Static, type TSchema } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BatchSchema,
  PartyReportSchema,
  ProblemCreateSchema,
  ProblemRatingSchema,
  ProblemTransitionSchema,
  StationVisitSchema,
  VolunteerCheckinSchema,
} from '../../schemas/ingest';
import {
  ActivityResultSchema,
  BatchResultSchema,
  ERRORS,
  ProblemCreatedSchema,
  ProblemPublicSchema,
} from '../../schemas/responses';
import { requireScope } from '../../auth';
import type { Services } from '../../services';

const ProblemParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const IdemHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A retry with the same key returns the first answer and stores nothing',
    }),
  ),
});

export function writeRoutes(app: FastifyInstance, s: Services, limitPerMinute: number): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const auth = requireScope(s.store, 'ingest');
  const common = {
    onRequest: auth,
    config: { rateLimit: { max: limitPerMinute, timeWindow: '1 minute' } },
  };
  const security = [{ bearer: [] }];

  r.post(
    '/api/problems',
    {
      ...common,
      schema: {
        tags: ['ingest'],
        summary: 'Report a problem (网格发现)',
        security,
        body: ProblemCreateSchema,
        response: { 200: ProblemCreatedSchema, 201: ProblemCreatedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const res = s.ingest.createProblem(req.body);
      return reply
        .code(res.status)
        .send(res.duplicate ? { ...res.body, duplicate: true } : res.body);
    },
  );

  r.post(
    '/api/problems/:id/transitions',
    {
      ...common,
      schema: {
        tags: ['ingest'],
        summary:
          'Move a problem to its next stage (called → responding → handled → closed); 409 if illegal',
        security,
        params: ProblemParams,
        body: ProblemTransitionSchema,
        headers: IdemHeaders,
        response: { 200: ProblemPublicSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const res = s.ingest.transition(req.params.id, req.body, req.headers['idempotency-key']);
      return reply.code(res.status).send(res.body);
    },
  );

  r.post(
    '/api/problems/:id/rating',
    {
      ...common,
      schema: {
        tags: ['ingest'],
        summary: "A resident's rating of a closed problem",
        security,
        params: ProblemParams,
        body: ProblemRatingSchema,
        headers: IdemHeaders,
        response: { 200: ProblemPublicSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const res = s.ingest.rate(req.params.id, req.body, req.headers['idempotency-key']);
      return reply.code(res.status).send(res.body);
    },
  );

  /** A write whose answer is the service's status and body as they are. */
  function plainWrite<S extends TSchema>(
    path: string,
    summary: string,
    body: S,
    run: (b: Static<S>) => { status: number; body: Static<typeof ActivityResultSchema> },
  ): void {
    r.post(
      path,
      {
        ...common,
        schema: {
          tags: ['ingest'],
          summary,
          security,
          body,
          response: { 200: ActivityResultSchema, 201: ActivityResultSchema, ...ERRORS },
        },
      },
      async (req, reply) => {
        const res = run(req.body as Static<S>);
        return reply.code(res.status).send(res.body);
      },
    );
  }
  plainWrite(
    '/api/volunteer-checkins',
    'Volunteer service hours',
    VolunteerCheckinSchema,
    s.ingest.volunteer,
  );
  plainWrite(
    '/api/party-reports',
    'A party member reporting to the community (双报到)',
    PartyReportSchema,
    s.ingest.partyReport,
  );
  plainWrite(
    '/api/station-visits',
    'A visit to a service station',
    StationVisitSchema,
    s.ingest.stationVisit,
  );

  r.post(
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
