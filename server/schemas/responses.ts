// TypeBox schemas of every answer: /docs shows them, and Fastify serialises with them (faster than
// JSON.stringify). Serialisation keeps only the properties a schema names, so each one is checked
// below against shared/protocol.ts: a field added there and not here fails the type check instead
// of silently vanishing from the answer. Large nested parts (a scope's view, GeoJSON) are named
// down to their top-level keys and passed through whole.
import Type, { type Static, type TSchema } from 'typebox';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import type {
  ApiError,
  BatchResult,
  GeoBundle,
  ProblemPublic,
  ScopeView,
  Snapshot,
} from '../../shared/protocol';

/** Passed through whole (JSON.stringify); documented by its type in shared/protocol.ts. */
const Whole = (description: string) => Type.Unknown({ description });

export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'a stable code, e.g. invalid_request, unknown_problem' }),
    message: Type.String({ description: 'what to fix, in a sentence' }),
    details: Type.Optional(Type.Unknown()),
  },
  { description: 'The one error shape of every answer ≥ 400' },
);

/** Every route answers its 4xx and 5xx in the one error shape. */
export const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

/**
 * A value or null, as OpenAPI 3.0 writes it (`nullable`), not as a union with null:
 * fast-json-stringify writes `nullable` itself, but picks a union's branch by validating with
 * ajv, which it compiles at the first answer holding one (43 ms for an import's doc, on the
 * event loop). No response schema here is a union, for that reason (docs.test.ts checks).
 */
export const Nullable = <T extends TSchema>(t: T) =>
  Type.Unsafe<Static<T> | null>({ ...t, nullable: true });
const LonLat = Type.Tuple([Type.Number(), Type.Number()]);

export const ProblemPublicSchema = Type.Object({
  id: Type.String(),
  category: Type.Enum([...PROBLEM_CATEGORIES]),
  source: Type.Enum([...PROBLEM_SOURCES]),
  stage: Type.Enum([...PROBLEM_STAGES]),
  tier: Nullable(Type.Enum([...RESPONSE_TIERS])),
  gridId: Nullable(
    Type.String({ description: 'null: placed at its community, in no grid (未落网格)' }),
  ),
  communityId: Type.String(),
  streetId: Type.String(),
  position: LonLat,
  reportedAt: Type.String(),
  dueAt: Type.String(),
  closedAt: Nullable(Type.String()),
  rating: Nullable(Type.Enum([...RATINGS])),
});

/** A create answers the problem; a retry of a stored id says `duplicate: true`. */
export const ProblemCreatedSchema = Type.Intersect([
  ProblemPublicSchema,
  Type.Object({ duplicate: Type.Optional(Type.Boolean()) }),
]);

export const ActivityResultSchema = Type.Object({
  id: Type.String(),
  duplicate: Type.Boolean({ description: 'true: a retry, nothing stored' }),
});

export const BatchResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  // One object, not a union of the accepted and the refused entry (Nullable says why): for a
  // union, fast-json-stringify would also run ajv on each of up to 5,000 entries per answer.
  // Typed as the union it carries.
  results: Type.Array(
    Type.Unsafe<BatchResult['results'][number]>(
      Type.Object({
        index: Type.Integer(),
        ok: Type.Boolean(),
        duplicate: Type.Optional(Type.Boolean({ description: 'ok: a retry, nothing stored' })),
        error: Type.Optional(Type.String({ description: 'refused: the error code' })),
        message: Type.Optional(Type.String({ description: 'refused: what to fix' })),
      }),
    ),
    { description: 'one entry per input record, same order' },
  ),
});

export const HealthSchema = Type.Object({
  ok: Type.Boolean(),
  dataset: Type.String(),
  uptimeSeconds: Type.Integer(),
  eventLoop: Type.Object(
    {
      p99Ms: Type.Number(),
      maxMs: Type.Number(),
      since: Type.String({ description: 'start of the current window (ISO)' }),
    },
    { description: 'event-loop delay since the last minute-log (perf_hooks histogram)' },
  ),
  writes: Type.Object(
    {
      groups: Type.Integer({ description: 'transactions committed (one fsync each)' }),
      ops: Type.Integer({ description: 'writes answered from them' }),
      largest: Type.Integer({ description: 'the most writes one transaction held' }),
    },
    { description: 'group commit since start: writes that arrive together share a commit' },
  ),
});

export const HeatSchema = Type.Object({
  since: Type.String({ description: 'start of the 30-day window, local ISO time' }),
  points: Type.Array(LonLat, { description: '[lon, lat] of each problem reported since then' }),
});

export const RecountSchema = Type.Object({
  identical: Type.Boolean(),
  differing: Type.Array(Type.String(), { description: 'up to 20 region ids that differ' }),
  regions: Type.Integer(),
  ms: Type.Integer(),
});

const ScopeViewSchema = Type.Object({
  scope: Type.Object({ level: Type.String(), id: Type.String() }),
  windows: Whole('WindowMetrics per window (today, month, year, rolling30)'),
  current: Whole('CurrentMetrics: open, overdue, stations, volunteers on duty'),
  figures: Whole('RegionFigures: the dataset figures of the scope'),
  trend: Whole('DailyPoint[]: last 30 days, oldest first, ending today'),
  regions: Whole('RegionBrief per region id, for every region of the dataset'),
  unplaced: Type.Optional(
    Whole("community scope only: RegionBrief of the community's problems in no grid (未落网格)"),
  ),
  recentEvents: Whole('LiveEvent[]: newest first, inside the scope'),
});

export const SnapshotSchema = Type.Object({
  seq: Type.Integer(),
  asOf: Type.String(),
  view: ScopeViewSchema,
});

const LevelLabelSchema = Type.Object({ zh: Type.String(), en: Type.String() });

/** Documentation only: the route sends the bundle serialised once at start. */
export const GeoBundleSchema = Type.Object({
  dataset: Type.Object({
    id: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    datum: Type.Literal('WGS84'),
    bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
    levels: Type.Optional(
      Type.Object(
        { street: Type.Optional(LevelLabelSchema), community: Type.Optional(LevelLabelSchema) },
        { description: 'names of the levels when not 街道 / 社区 (manifest.levels)' },
      ),
    ),
  }),
  regions: Whole('GeoJSON FeatureCollection; properties are RegionInfo (with kind: 镇, 村, …)'),
  context: Whole('GeoJSON FeatureCollection of neighbouring districts; properties { name }'),
  stations: Whole('GeoJSON FeatureCollection of service stations; properties are StationInfo'),
});

/** Documentation only: the route sends the file as it is on disk (data/schemas/scene-file.schema.json). */
export const SceneFileSchema = Whole('A scene file: { version: 1, scenes: [...] }');

// Compile-time proof that the answers and the shared protocol agree (see the header).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every property required at every depth: an optional field one side lacks shows as a difference. */
type DeepRequired<T> = T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> } : T;
/** Same, also for optional fields (Same alone takes `{ a?: string }` and `{}` for equal). */
export type Exact<A, B> = Same<DeepRequired<A>, DeepRequired<B>>;
type Keys<T> = keyof T;
const proofs: [
  Same<Static<typeof ErrorSchema>, ApiError>,
  Same<Static<typeof ProblemPublicSchema>, ProblemPublic>,
  Same<Static<typeof BatchResultSchema>, BatchResult>,
  Same<Keys<Static<typeof SnapshotSchema>>, Keys<Snapshot>>,
  Same<Keys<Static<typeof ScopeViewSchema>>, Keys<ScopeView>>,
  Same<Keys<Static<typeof GeoBundleSchema>>, Keys<GeoBundle>>,
  Same<Static<typeof GeoBundleSchema>['dataset'], GeoBundle['dataset']>,
] = [true, true, true, true, true, true, true];
void proofs;
