// One error shape for every answer ≥ 400: { error, message, details? }. Schema errors are turned
// into sentences that name the field and what it must be.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, describeSchemaErrors } from './http-error';
import { RETRY_AFTER_S, StoreUnavailableError } from './store/unavailable';

export function installErrorHandlers(app: FastifyInstance, hasClient: boolean): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send(err.toJSON());
    // An outage, not a fault of the request or the server: nothing was stored, the screens serve
    // on from memory, and the same request sent again later is safe (ids and idempotency keys).
    if (err instanceof StoreUnavailableError) {
      req.log.warn({ err: err.cause }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_S))
        .send({
          error: 'database_unavailable',
          message: `the database cannot be reached right now, so nothing was stored: send the same request again after ${RETRY_AFTER_S} s (with the same id or Idempotency-Key it is safe to repeat); if it lasts, check that PostgreSQL (DATABASE_URL) is running`,
        });
    }
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const sentences = describeSchemaErrors(err.validation, where);
      return reply
        .code(400)
        .send({ error: 'invalid_request', message: sentences.join('; '), details: err.validation });
    }
    const status = err.statusCode ?? 500;
    if (status === 429)
      return reply.code(429).send({ error: 'rate_limited', message: err.message });
    if (status < 500)
      return reply.code(status).send({ error: err.code ?? 'bad_request', message: err.message });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({
      error: 'internal',
      message: 'the server failed to handle this request; it is logged',
    });
  });

  app.setNotFoundHandler((req, reply) => {
    // Anything that is not an API call is a screen URL (?mode=…, ?lang=…): the page handles it.
    if (
      hasClient &&
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      !req.url.startsWith('/docs')
    )
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send({
      error: 'not_found',
      message: `no route ${req.method} ${req.url.split('?')[0]}; the API is described at /docs`,
    });
  });
}

/**
 * The router's own refusals (a URL that does not decode, a path parameter over maxParamLength)
 * never reach setErrorHandler: Fastify answers them itself unless given this constructor option.
 */
export function frameworkErrors(
  err: FastifyError,
  _req: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = err.statusCode ?? 400;
  void reply.code(status).send({
    error: status === 414 ? 'path_too_long' : 'bad_url',
    message: `${err.message}: send a percent-encoded UTF-8 path with segments of at most 100 characters`,
  });
}
