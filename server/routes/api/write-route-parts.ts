// What the ingest routes share: the ingest token, the per-caller rate limit, the bearer security.
import { requireScope } from '../../auth';
import type { Services } from '../../services';

export interface WriteRouteContext {
  s: Services;
  common: {
    onRequest: ReturnType<typeof requireScope>;
    config: { rateLimit: { max: number; timeWindow: string } };
  };
  security: Array<{ bearer: never[] }>;
}

export function writeRouteContext(s: Services, limitPerMinute: number): WriteRouteContext {
  return {
    s,
    common: {
      onRequest: requireScope(s.store, 'ingest'),
      config: { rateLimit: { max: limitPerMinute, timeWindow: '1 minute' } },
    },
    security: [{ bearer: [] }],
  };
}
