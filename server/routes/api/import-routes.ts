// The import API: upload a file as the raw request body (streamed to disk, never held in memory),
// dry run, run, follow progress, download the reject report, undo; named mappings per source.
// Imports need an ingest token (admin tokens pass); undo and saving a mapping need admin.
import Type from 'typebox';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { callerOf, requireScope } from '../../auth';
import type { Config } from '../../config';
import { HttpError } from '../../http-error';
import type { Services } from '../../services';
import { ENCODING_LABELS, encodingFromLabel } from '../../import/encoding';
import { IMPORT_FIELDS } from '../../import/headers';
import type { ImportDoc } from '../../import/import-doc';
import { createImportEngine, type ImportEngine } from '../../import/import-engine';
import { MappingSchema, SOURCE_NAME } from '../../import/mappings';
import type { Readable } from 'node:stream';
import { ERRORS } from '../../schemas/responses';
import {
  ImportDocSchema,
  ImportListSchema,
  MappingListSchema,
  RejectsCsvSchema,
  SourceMappingSchema,
} from '../../schemas/import-responses';

const Source = Type.String({
  pattern: SOURCE_NAME,
  description: 'mapping name, e.g. 12345 or 网格系统',
});
const IdParams = Type.Object({ id: Type.String({ pattern: '^imp_[a-z0-9]{1,12}_[0-9a-f]{8}$' }) });
const Policy = Type.Enum(['other', 'reject'], {
  description:
    'unmapped values: category → other (tier/rating left empty), or reject the row; absent: stop',
});
const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** A listing shows no sample rows: GET /api/imports/:id has them. */
function brief(d: ImportDoc): ImportDoc {
  return d.dryRun ? { ...d, dryRun: { ...d.dryRun, sample: [] } } : d;
}

export function importDir(config: Config): string {
  return config.dbFile === ':memory:'
    ? join(tmpdir(), 'screen-imports')
    : join(dirname(config.dbFile), 'imports');
}

export function importRoutes(app: FastifyInstance, s: Services, config: Config): ImportEngine {
  const engine = createImportEngine(s, importDir(config), config.now);
  const ingest = requireScope(s.store, 'ingest');
  const admin = requireScope(s.store, 'admin');
  const security = [{ bearer: [] }];
  const tags = ['import'];

  void app.register(async (inst) => {
    // The body stays a stream: the handler pipes it to disk.
    inst.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    const r = inst.withTypeProvider<TypeBoxTypeProvider>();

    r.post(
      '/api/imports',
      {
        onRequest: ingest,
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags,
          security,
          summary: 'Upload a CSV/TSV/XLSX export as the raw body; then dry run, then run',
          querystring: Type.Object(
            {
              source: Source,
              filename: Type.String({ minLength: 1, maxLength: 200 }),
              encoding: Type.Optional(
                Type.String({
                  description: `auto when absent; one of ${ENCODING_LABELS.join(', ')}`,
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: ImportDocSchema, ...ERRORS },
        },
      },
      async (req, reply) => {
        const enc = req.query.encoding;
        const encoding = enc && enc !== 'auto' ? encodingFromLabel(enc) : undefined;
        if (enc && enc !== 'auto' && !encoding)
          throw new HttpError(
            400,
            'unknown_encoding',
            `encoding "${enc}" is not known; use auto, utf-8 or gb18030 (gbk, cp936)`,
          );
        if (!req.body || typeof (req.body as Readable).pipe !== 'function')
          throw new HttpError(
            415,
            'no_file',
            `send the file as the body with Content-Type ${UPLOAD_TYPES[0]}`,
          );
        const d = await engine.upload(req.body as Readable, {
          source: req.query.source,
          fileName: req.query.filename,
          encoding,
          by: callerOf(req),
        });
        return reply.code(201).send(d);
      },
    );
  });

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
      imports: engine.list().map(brief),
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
        .send(engine.dryRun(req.params.id, { mapping: b.mapping, policy: b.onUnmapped }));
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
      reply.code(202).send(engine.run(req.params.id, { policy: req.body.onUnmapped })),
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
    async (req, reply) => reply.code(202).send(engine.undo(req.params.id)),
  );
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
      const file = engine.reportFile(req.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.id}-rejects.csv"`)
        .send(createReadStream(file));
    },
  );

  const SourceParams = Type.Object({ source: Source });
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
      mappings: engine.listMappings(),
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
    async (req) => ({ source: req.params.source, mapping: engine.mapping(req.params.source) }),
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
      engine.saveMapping(req.params.source, req.body);
      return { source: req.params.source, mapping: engine.mapping(req.params.source) };
    },
  );
  return engine;
}
