// TypeBox schemas of every write body: one definition gives Fastify's JSON schema (validation and
// /docs) and, checked below against shared/protocol.ts, the TypeScript type both sides use.
import Type, { type Static } from 'typebox';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  RATINGS,
  RESPONSE_TIERS,
} from '../../shared/protocol';
import { SIMULATED_ID_PREFIX } from '../store/records';
import type {
  PartyReport,
  ProblemCreate,
  ProblemRating,
  ProblemTransition,
  StationVisit,
  VolunteerCheckin,
} from '../../shared/protocol';

/**
 * A new record's id: the caller's own, never under the simulator's prefix — those are the records
 * a purge removes, so a real one must not look like them.
 */
export const ID_PATTERN = `^(?!${SIMULATED_ID_PREFIX})[A-Za-z0-9_.:-]+$`;
const Id = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: ID_PATTERN,
  description: `The caller's own id: letters, digits and _ . : - (a retry with it stores nothing twice); not starting ${SIMULATED_ID_PREFIX} (the built-in simulator's)`,
});
const Time = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'ISO 8601 with offset; defaults to now',
});
const LonLat = Type.Tuple(
  [Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })],
  {
    description: '[longitude, latitude] in WGS84',
  },
);

export const ProblemCreateSchema = Type.Object(
  {
    id: Id,
    category: Type.Enum([...PROBLEM_CATEGORIES]),
    source: Type.Enum([...PROBLEM_SOURCES]),
    gridId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    communityId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        description: 'alone: the problem is placed at its community, in no grid (未落网格)',
      }),
    ),
    position: Type.Optional(LonLat),
    reportedAt: Type.Optional(Time),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 100 })),
          phone: Type.Optional(Type.String({ maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ProblemTransitionSchema = Type.Object(
  {
    stage: Type.Enum(['called', 'responding', 'handled', 'closed']),
    tier: Type.Optional(Type.Enum([...RESPONSE_TIERS])),
    at: Type.Optional(Time),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ProblemRatingSchema = Type.Object(
  {
    rating: Type.Optional(Type.Enum([...RATINGS])),
    stars: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    at: Type.Optional(Time),
  },
  { additionalProperties: false },
);

export const VolunteerCheckinSchema = Type.Object(
  {
    id: Id,
    regionId: Type.String({ minLength: 1, maxLength: 80 }),
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 24 }),
    at: Type.Optional(Time),
  },
  { additionalProperties: false },
);

export const PartyReportSchema = Type.Object(
  { id: Id, regionId: Type.String({ minLength: 1, maxLength: 80 }), at: Type.Optional(Time) },
  { additionalProperties: false },
);

export const StationVisitSchema = Type.Object(
  { id: Id, stationId: Type.String({ minLength: 1, maxLength: 80 }), at: Type.Optional(Time) },
  { additionalProperties: false },
);

export const BatchSchema = Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          type: Type.Enum([
            'problem',
            'transition',
            'rating',
            'volunteer',
            'party_report',
            'station_visit',
          ]),
          idempotencyKey: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description:
                'transition and rating records only: like the Idempotency-Key header, a retry with the same key (and problemId) stores nothing',
            }),
          ),
        },
        { additionalProperties: true },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  {
    additionalProperties: false,
    description:
      'Each record is checked on its own: a bad one is reported and skipped, the good ones are stored',
  },
);

// Compile-time proof that the schemas and the shared protocol describe the same bodies.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const proofs: [
  Same<Static<typeof ProblemCreateSchema>, ProblemCreate>,
  Same<Static<typeof ProblemTransitionSchema>, ProblemTransition>,
  Same<Static<typeof ProblemRatingSchema>, ProblemRating>,
  Same<Static<typeof VolunteerCheckinSchema>, VolunteerCheckin>,
  Same<Static<typeof PartyReportSchema>, PartyReport>,
  Same<Static<typeof StationVisitSchema>, StationVisit>,
] = [true, true, true, true, true, true];
void proofs;
