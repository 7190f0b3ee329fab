// Named mappings per source: read by anyone who may import, saved by an admin.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IMPORT_FIELDS } from '../../import/headers';
import { MappingSchema } from '../../import/mappings';
import { type ImportRouteContext, Source, security, tags } from './import-route-parts';
import { ERRORS } from '../../schemas/responses';
import { MappingListSchema, SourceMappingSchema } from '../../schemas/import-responses';

const SourceParams = Type.Object({ source: Source });

export function importMappingRoutes(
  app: FastifyInstance,
  { engine, ingest, admin }: ImportRouteContext,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/import-mappings',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'Saved mappings',
        response: { 200: MappingListSchema, ...ERRORS },
      },
    },
    async () => ({
      mappings: await engine.listMappings(),
      fields: IMPORT_FIELDS,
    }),
  );
  r.get(
    '/api/import-mappings/:source',
    {
      onRequest: ingest,
      schema: {
        tags,
        security,
        summary: 'The mapping used for a source',
        params: SourceParams,
        response: { 200: SourceMappingSchema, ...ERRORS },
      },
    },
    async (req) => ({
      source: req.params.source,
      mapping: await engine.mapping(req.params.source),
    }),
  );
  r.put(
    '/api/import-mappings/:source',
    {
      onRequest: admin,
      schema: {
        tags,
        security,
        summary: 'Save the mapping of a source',
        params: SourceParams,
        body: MappingSchema,
        response: { 200: SourceMappingSchema, ...ERRORS },
      },
    },
    async (req) => {
      await engine.saveMapping(req.params.source, req.body);
      return { source: req.params.source, mapping: await engine.mapping(req.params.source) };
    },
  );
}
