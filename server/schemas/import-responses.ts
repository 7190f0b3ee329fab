// Answers of the import API (server/routes/api/import-routes.ts), field by field. Fastify
// serialises with these and keeps only the properties a schema names, so each is proved below
// equal to its type in shared/admin-api.ts at every depth: a field added there and not here fails
// the type check instead of silently vanishing from the answer.
import Type, { type Static, type TOptional, type TString } from 'typebox';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import {
  IMPORT_FIELDS,
  IMPORT_STATUSES,
  REASONS,
  VALUE_KINDS,
  type ColumnMapping,
  type FileFormat,
  type HeaderInfo,
  type ImportDoc,
  type ImportField,
  type NamedMapping,
  type RejectReason,
  type SampleRow,
  type TextEncoding,
  type UnmappedPolicy,
} from '../../shared/admin-api';
import type { ImportEngine } from '../import/import-engine';
import { MappingSchema } from '../import/mappings';
import type { Readable } from 'node:stream';
import { Nullable, type Exact } from './responses';

const ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
const FORMATS = ['csv', 'tsv', 'xlsx'] as const;
const POLICIES = ['stop', 'other', 'reject'] as const;
// Object.keys types its answer string[]; the keys of REASONS are exactly RejectReason.
const REASON_CODES = Object.keys(REASONS) as RejectReason[];

/** ColumnMapping: our field → the header that holds it, each optional. */
function columnMapping(description: string) {
  const props = {} as Record<ImportField, TOptional<TString>>;
  for (const f of IMPORT_FIELDS) props[f] = Type.Optional(Type.String());
  return Type.Object(props, { description });
}

const COUNTS = {
  accepted: Type.Integer({ description: 'rows stored (run) or that would be (dry run)' }),
  duplicates: Type.Integer({ description: 'rows already stored, or repeated in this file' }),
  skippedBlank: Type.Integer(),
  rejected: Type.Record(Type.String(), Type.Integer(), { description: 'reason → rows' }),
};

const NormalRowSchema = Type.Object({
  row: Type.Integer(),
  id: Type.String(),
  category: Type.Enum([...PROBLEM_CATEGORIES]),
  source: Type.Enum([...PROBLEM_SOURCES]),
  placeId: Type.String({ description: 'a grid, or the community when the row names no grid' }),
  position: Type.Optional(Type.Tuple([Type.Number(), Type.Number()])),
  reportedAt: Type.Number({ description: 'epoch ms' }),
  calledAt: Nullable(Type.Number()),
  respondedAt: Nullable(Type.Number()),
  tier: Nullable(Type.Enum([...RESPONSE_TIERS])),
  closedAt: Nullable(Type.Number()),
  rating: Nullable(Type.Enum([...RATINGS])),
  description: Type.Optional(Type.String()),
});

const RowRejectSchema = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  reason: Type.Enum(REASON_CODES),
});

const SampleRowSchema = Type.Object({
  row: Type.Integer({ description: '1-based row of the file' }),
  cells: Type.Array(Type.String()),
  // One object rather than a union of the two (Nullable in responses.ts says why: the first
  // GET /api/imports/:id after a dry run held the event loop 47 ms), typed as the union it
  // carries; the proofs below check the rest of the doc.
  outcome: Type.Unsafe<SampleRow['outcome']>(
    Type.Object({
      ok: Type.Boolean({ description: 'true: `row` as it would be stored; false: `reject`' }),
      row: Type.Optional(NormalRowSchema),
      reject: Type.Optional(RowRejectSchema),
    }),
  ),
});

const HeaderSchema = Type.Object({
  encoding: Type.Enum([...ENCODINGS, 'xlsx']),
  encodingBy: Type.String({ description: 'how the encoding was chosen' }),
  headerRow: Type.Integer({ description: '1-based; rows above it are a title' }),
  headers: Type.Array(Type.String()),
  mapping: columnMapping('the columns as guessed or saved'),
  missing: Type.Array(Type.String(), { description: 'mapped headers the file does not have' }),
});

const DryRunSchema = Type.Object({
  ...COUNTS,
  sample: Type.Array(SampleRowSchema, { description: 'the first rows as parsed' }),
  unmapped: Type.Array(
    Type.Object({ kind: Type.Enum([...VALUE_KINDS]), value: Type.String(), count: Type.Integer() }),
  ),
  columns: columnMapping('the columns the dry run used'),
});

const ResultSchema = Type.Object({
  ...COUNTS,
  policy: Type.Enum([...POLICIES]),
  startedAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
  seconds: Type.Optional(Type.Number()),
  undone: Type.Optional(Type.Integer({ description: 'rows removed by undo' })),
});

const ProgressSchema = Type.Object({
  bytesRead: Type.Integer(),
  bytesTotal: Type.Integer(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  rowsPerSecond: Type.Number(),
  etaSeconds: Nullable(Type.Number()),
});

export const ImportDocSchema = Type.Object(
  {
    id: Type.String(),
    source: Type.String({ description: 'the mapping name' }),
    fileName: Type.String(),
    by: Type.Optional(Type.String({ description: 'the name of the token that uploaded it' })),
    format: Type.Enum([...FORMATS]),
    bytesTotal: Type.Integer(),
    createdAt: Type.String(),
    status: Type.Enum([...IMPORT_STATUSES]),
    settings: Type.Object({
      mapping: MappingSchema,
      encoding: Type.Optional(Type.Enum([...ENCODINGS])),
    }),
    header: Type.Optional(HeaderSchema),
    dryRun: Type.Optional(DryRunSchema),
    result: Type.Optional(ResultSchema),
    progress: ProgressSchema,
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    savedAt: Type.Optional(
      Type.String({
        description: 'when it was last stored; a running step stores it every second',
      }),
    ),
  },
  { description: 'An import: status, progress, dry run, result' },
);

export const ImportListSchema = Type.Object({
  imports: Type.Array(ImportDocSchema, { description: 'newest first; dryRun.sample left empty' }),
});

export const SourceMappingSchema = Type.Object({
  source: Type.String(),
  mapping: MappingSchema,
});

export const MappingListSchema = Type.Object({
  mappings: Type.Array(SourceMappingSchema),
  fields: Type.Immutable(Type.Array(Type.Enum([...IMPORT_FIELDS]))),
});

/** The route streams the file from disk: no serialisation, this is for /docs. */
export const RejectsCsvSchema = {
  description: 'The reject report, UTF-8 with BOM',
  content: {
    'text/csv': { schema: Type.Unsafe<string | Readable>({ type: 'string', format: 'binary' }) },
  },
};

// Compile-time proof that the answers and server/import agree (see the header).
const proofs: [
  Exact<(typeof ENCODINGS)[number], TextEncoding>,
  Exact<(typeof FORMATS)[number], FileFormat>,
  Exact<(typeof POLICIES)[number], UnmappedPolicy>,
  Exact<Static<ReturnType<typeof columnMapping>>, ColumnMapping>,
  Exact<Static<typeof SampleRowSchema>, SampleRow>,
  Exact<Static<typeof HeaderSchema>, HeaderInfo>,
  Exact<Static<typeof ImportDocSchema>, ImportDoc>,
  Exact<Static<typeof MappingSchema>, NamedMapping>,
  Exact<
    Static<typeof SourceMappingSchema>,
    Awaited<ReturnType<ImportEngine['listMappings']>>[number]
  >,
] = [true, true, true, true, true, true, true, true, true];
void proofs;
