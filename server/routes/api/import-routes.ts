// The import API: upload a file as the raw request body (streamed to disk, never held in memory),
// dry run, run, follow progress, download the reject report, undo; named mappings per source.
// Imports need an ingest token (admin tokens pass); undo and saving a mapping need admin.
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../../auth';
import type { Config } from '../../config';
import type { Services } from '../../services';
import { createImportEngine, type ImportEngine } from '../../import/import-engine';
import type { ImportRouteContext } from './import-route-parts';
import { importUploadRoute } from './import-upload-route';
import { importReadRoutes, importReportRoute, importStepRoutes } from './import-job-routes';
import { importMappingRoutes } from './import-mapping-routes';

export function importDir(config: Config): string {
  return config.dbFile === ':memory:'
    ? join(tmpdir(), 'screen-imports')
    : join(dirname(config.dbFile), 'imports');
}

export function importRoutes(app: FastifyInstance, s: Services, config: Config): ImportEngine {
  const c: ImportRouteContext = {
    engine: createImportEngine(s, importDir(config), config.now),
    ingest: requireScope(s.store, 'ingest'),
    admin: requireScope(s.store, 'admin'),
  };
  importUploadRoute(app, c);
  importReadRoutes(app, c);
  importStepRoutes(app, c);
  importReportRoute(app, c);
  importMappingRoutes(app, c);
  return c.engine;
}
