// An import after its upload: follow it, dry run, run, undo, download its reject report.
import Type from 'typebox';
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ImportDoc } from '../../import/import-doc';
import { MappingSchema } from '../../import/mappings';
import { type ImportRouteContext, IdParams, Policy, security, tags } from './import-route-parts';
import { ERRORS } from '../../schemas/responses';
import {
  ImportDocSchema,
  ImportListSchema,
  RejectsCsvSchema,
} from '../../schemas/import-responses';

/** A listing shows no sample rows: GET /api/imports/:id has them. */
function brief(d: ImportDoc): ImportDoc {
  return d.dryRun ? { ...d, dryRun: { ...d.dryRun, sample: [] } } : d;
}

/** Reading: the list and one import. */
export function importReadRoutes(app: FastifyInstance, { engine, ingest }: ImportRouteContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/imports',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'Imports, newest first',
        response: { 200: ImportListSchema, ...ERRORS },
      },
    },
    async () => ({
      imports: (await engine.list()).map(brief),
    }),
  );
  r.get(
    '/api/imports/:id',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'An import: status, progress, dry run, result',
        params: IdParams,
        response: { 200: ImportDocSchema, ...ERRORS },
      },
    },
    async (req) => engine.get(req.params.id),
  );
}

/** The background steps: each answers 202 with the doc, whose status then moves on. */
export function importStepRoutes(
  app: FastifyInstance,
  { engine, ingest, admin }: ImportRouteContext,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/imports/:id/dry-run',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'Parse the whole file and count, writing nothing; the first 20 rows as parsed',
        params: IdParams,
        body: Type.Object(
          { mapping: Type.Optional(MappingSchema), onUnmapped: Type.Optional(Policy) },
          { additionalProperties: false, description: 'send {} for the saved mapping' },
        ),
        response: { 202: ImportDocSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      return reply
        .code(202)
        .send(await engine.dryRun(req.params.id, { mapping: b.mapping, policy: b.onUnmapped }));
    },
  );
  r.post(
    '/api/imports/:id/run',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'Import the rows; 409 unmapped_values lists what the dry run could not map',
        params: IdParams,
        body: Type.Object({ onUnmapped: Type.Optional(Policy) }, { additionalProperties: false }),
        response: { 202: ImportDocSchema, ...ERRORS },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await engine.run(req.params.id, { policy: req.body.onUnmapped })),
  );
  r.post(
    '/api/imports/:id/undo',
    {
      onRequest: admin,
      schema: {
        tags,
        security,
        summary: 'Remove exactly the rows this import stored',
        params: IdParams,
        response: { 202: ImportDocSchema, ...ERRORS },
      },
    },
    async (req, reply) => reply.code(202).send(await engine.undo(req.params.id)),
  );
}

/** The rows an import rejected, with why, as a CSV to fix and import again. */
export function importReportRoute(app: FastifyInstance, { engine, ingest }: ImportRouteContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/imports/:id/rejects.csv',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'Reject report (CSV, UTF-8 with BOM)',
        params: IdParams,
        response: { 200: RejectsCsvSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const file = await engine.reportFile(req.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.id}-rejects.csv"`)
        .send(createReadStream(file));
    },
  );
}
