// What the request log may contain: method, URL with every token=… replaced, host and the
// caller's address. A screen opened as /?token=… sends its token on every read; without this the
// screen token would sit in every log line (and every log shipped elsewhere).
import type { FastifyRequest } from 'fastify';

export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&#]*/gi, '$1[redacted]');
}

export const logSerializers = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      url: redactUrl(req.url),
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
};
