// /admin is the console's own page from the same built bundle (dist/client/admin.html).
import type { FastifyInstance } from 'fastify';

export function adminPage(app: FastifyInstance): void {
  for (const url of ['/admin', '/admin/'])
    app.get(url, { schema: { hide: true } }, (_req, reply) =>
      reply.type('text/html').header('cache-control', 'no-cache').sendFile('admin.html'),
    );
}
