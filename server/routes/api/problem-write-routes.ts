// Writes on problems: report one, move it along its stages, rate it once closed. Transitions and
// ratings take an Idempotency-Key so a retried request stores nothing twice.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ProblemCreateSchema,
  ProblemRatingSchema,
  ProblemTransitionSchema,
} from '../../schemas/ingest';
import { ERRORS, ProblemCreatedSchema, ProblemPublicSchema } from '../../schemas/responses';
import type { WriteRouteContext } from './write-route-parts';

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

export function problemWriteRoutes(
  app: FastifyInstance,
  { s, common, security }: WriteRouteContext,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
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
      const res = await s.ingest.createProblem(req.body);
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
      const res = await s.ingest.transition(
        req.params.id,
        req.body,
        req.headers['idempotency-key'],
      );
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
      const res = await s.ingest.rate(req.params.id, req.body, req.headers['idempotency-key']);
      return reply.code(res.status).send(res.body);
    },
  );
}
