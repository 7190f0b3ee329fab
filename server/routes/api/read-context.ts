// What the read routes share: the services, the hub (live views), the as-of views (frozen
// moments), the event-loop watch, and who may see exact positions.
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../services';
import type { Hub } from '../../hub/hub';
import type { AsOfViews } from '../../hub/as-of-views';
import type { PositionPolicy } from '../../hub/public-position';
import type { EventLoopWatch } from '../../event-loop';

export interface ReadContext {
  s: Services;
  hub: Hub;
  asOf: AsOfViews;
  loop: EventLoopWatch;
  startedAt: number;
  /** How positions leave the server for callers without the exact-position token. */
  positions: PositionPolicy;
  /** Whether this request holds the exact-position token (or the admin token). */
  exact(req: FastifyRequest): Promise<boolean>;
}
