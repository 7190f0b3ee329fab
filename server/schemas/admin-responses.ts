// Answers of the admin console's routes (server/routes/api/admin-routes.ts), field by field.
// Fastify serialises with these and keeps only the properties a schema names, so each is proved
// below equal to the type the route answers with: a field added there and not here fails the
// type check instead of silently vanishing from the answer.
import Type, { type Static } from 'typebox';
import type { datasetReport } from '../admin/dataset-report';
import {
  CONSOLE_SCOPES,
  type ConsoleToken,
  type DatasetReport,
  type PurgeResult,
  type Reasons,
} from '../../shared/admin-api';
import { Nullable, type Exact } from './responses';

const Scope = Type.Enum([...CONSOLE_SCOPES]);

export const WhoAmISchema = Type.Object({
  name: Type.String({ description: 'the name of the token' }),
  scope: Type.String({ description: 'admin' }),
  reasons: Type.Record(Type.String(), Type.Immutable(Type.Tuple([Type.String(), Type.String()])), {
    description: 'reject reason code → [Chinese, English], worded as in the reject report',
  }),
});

const ConsoleTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  createdAt: Type.Number({ description: 'epoch ms' }),
  lastUsedAt: Nullable(Type.Number({ description: 'epoch ms, to 10 s' })),
  revokedAt: Nullable(Type.Number({ description: 'epoch ms' })),
});

export const TokenListSchema = Type.Object({
  tokens: Type.Array(ConsoleTokenSchema, { description: 'newest first, revoked ones included' }),
});

export const TokenCreatedSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scope: Scope,
  createdAt: Type.Number({ description: 'epoch ms' }),
  token: Type.String({ description: 'the secret: shown in this answer only' }),
});

export const TokenRevokedSchema = Type.Object({
  id: Type.String(),
  revoked: Type.Boolean({ description: 'true' }),
});

const SimulatedCountsSchema = Type.Object(
  {
    problems: Type.Integer(),
    volunteers: Type.Integer(),
    partyReports: Type.Integer(),
    stationVisits: Type.Integer(),
  },
  { description: 'stored records the simulator wrote (ids starting SIM-)' },
);

export const DatasetReportSchema = Type.Object({
  dir: Type.String(),
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  districtCode: Type.String(),
  historyEndsOn: Type.String({ description: 'YYYY-MM-DD, Asia/Shanghai' }),
  demo: Type.Boolean({ description: 'invented figures (manifest demo, else shiftHistoryToNow)' }),
  levels: Type.Record(Type.String(), Type.Integer(), { description: 'level → regions' }),
  levelNames: Type.Record(Type.String(), Type.Object({ zh: Type.String(), en: Type.String() }), {
    description: 'level → its name in this dataset (街道, or a county’s 镇/开发区)',
  }),
  stations: Type.Integer(),
  historyRows: Type.Integer(),
  figures: Type.Object({
    reported30: Type.Integer(),
    solved30: Type.Integer(),
    open: Type.Integer(),
    overdue: Type.Integer(),
  }),
  check: Type.Object(
    {
      valid: Type.Boolean(),
      total: Type.Integer(),
      problems: Type.Array(Type.String()),
      ms: Type.Integer(),
    },
    { description: 'npm run data:check on the loaded directory' },
  ),
  simulatorRunning: Type.Boolean({ description: 'the built-in simulator is writing now' }),
  simulated: SimulatedCountsSchema,
});

export const PurgeResultSchema = Type.Object({
  removed: SimulatedCountsSchema,
  ms: Type.Integer(),
});

// Compile-time proof that the answers and the routes' types agree (see the header).
const proofs: [
  Exact<Static<typeof WhoAmISchema>['reasons'], Reasons>,
  Exact<Static<typeof ConsoleTokenSchema>, ConsoleToken>,
  Exact<
    Static<typeof TokenCreatedSchema>,
    Omit<ConsoleToken, 'lastUsedAt' | 'revokedAt'> & { token: string }
  >,
  Exact<Static<typeof DatasetReportSchema>, DatasetReport>,
  Exact<Awaited<ReturnType<typeof datasetReport>>, DatasetReport>,
  Exact<Static<typeof PurgeResultSchema>, PurgeResult>,
] = [true, true, true, true, true, true];
void proofs;
