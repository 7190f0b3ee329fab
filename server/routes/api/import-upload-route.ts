// POST /api/imports: the file is the raw request body, streamed to disk, never held in memory.
import Type from 'typebox';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { callerOf } from '../../auth';
import { HttpError } from '../../http-error';
import { ENCODING_LABELS, encodingFromLabel, type TextEncoding } from '../../import/encoding';
import { type ImportRouteContext, Source, security, tags } from './import-route-parts';
import { ERRORS } from '../../schemas/responses';
import { ImportDocSchema } from '../../schemas/import-responses';

const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const UploadQuery = Type.Object(
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
);

/** The encoding asked for, undefined for auto; 400 for a label we do not know. */
function encodingOf(enc: string | undefined): TextEncoding | undefined {
  const encoding = enc && enc !== 'auto' ? encodingFromLabel(enc) : undefined;
  if (enc && enc !== 'auto' && !encoding)
    throw new HttpError(
      400,
      'unknown_encoding',
      `encoding "${enc}" is not known; use auto, utf-8 or gb18030 (gbk, cp936)`,
    );
  return encoding;
}

function bodyStream(body: unknown): Readable {
  if (!body || typeof (body as Readable).pipe !== 'function')
    throw new HttpError(
      415,
      'no_file',
      `send the file as the body with Content-Type ${UPLOAD_TYPES[0]}`,
    );
  return body as Readable;
}

export function importUploadRoute(app: FastifyInstance, { engine, ingest }: ImportRouteContext) {
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
          querystring: UploadQuery,
          response: { 201: ImportDocSchema, ...ERRORS },
        },
      },
      async (req, reply) => {
        const encoding = encodingOf(req.query.encoding);
        const body = bodyStream(req.body);
        const d = await engine.upload(body, {
          source: req.query.source,
          fileName: req.query.filename,
          encoding,
          by: callerOf(req),
        });
        return reply.code(201).send(d);
      },
    );
  });
}
