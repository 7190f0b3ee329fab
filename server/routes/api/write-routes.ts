// The ingest API. Every body is checked by its JSON schema before it reaches the service; the
// service answers 201 for a new record, 200 for a retry (stored nothing), 4xx with a message
// that says what to fix.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services';
import { activityWriteRoutes, batchRoute } from './activity-write-routes';
import { problemWriteRoutes } from './problem-write-routes';
import { writeRouteContext } from './write-route-parts';

export function writeRoutes(app: FastifyInstance, s: Services, limitPerMinute: number): void {
  const c = writeRouteContext(s, limitPerMinute);
  problemWriteRoutes(app, c);
  activityWriteRoutes(app, c);
  batchRoute(app, c);
}
