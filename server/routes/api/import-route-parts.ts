// What the import routes share: the engine, the two guards, and the schemas of their parameters.
import Type from 'typebox';
import type { requireScope } from '../../auth';
import type { ImportEngine } from '../../import/import-engine';
import { SOURCE_NAME } from '../../import/mappings';

export interface ImportRouteContext {
  engine: ImportEngine;
  /** An ingest token (admin tokens pass). */
  ingest: ReturnType<typeof requireScope>;
  admin: ReturnType<typeof requireScope>;
}

export const security = [{ bearer: [] }];
export const tags = ['import'];

export const Source = Type.String({
  pattern: SOURCE_NAME,
  description: 'mapping name, e.g. 12345 or 网格系统',
});
export const IdParams = Type.Object({
  id: Type.String({ pattern: '^imp_[a-z0-9]{1,12}_[0-9a-f]{8}$' }),
});
export const Policy = Type.Enum(['other', 'reject'], {
  description:
    'unmapped values: category → other (tier/rating left empty), or reject the row; absent: stop',
});
