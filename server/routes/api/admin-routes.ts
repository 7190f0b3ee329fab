// What the admin console (/admin) needs beside the import API: who am I, named tokens (created
// once, listed, revoked), the loaded dataset with its check, and the purge of what the simulator
// wrote. All need an admin token.
import Type from 'typebox';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { callerOf, hashToken, requireScope } from '../../auth';
import { HttpError } from '../../http-error';
import type { Services } from '../../services';
import { CONSOLE_SCOPES } from '../../store/console-tokens';
import { datasetReport } from '../../admin/dataset-report';
import { purgeSimulated } from '../../admin/purge-simulated';
import { reasonsFor } from '../../../shared/admin-api';
import { datasetLevelNames } from '../../dataset/level-names';
import { ERRORS } from '../../schemas/responses';
import {
  DatasetReportSchema,
  PurgeResultSchema,
  TokenCreatedSchema,
  TokenListSchema,
  TokenRevokedSchema,
  WhoAmISchema,
} from '../../schemas/admin-responses';

const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    scope: Type.Enum([...CONSOLE_SCOPES]),
  },
  { additionalProperties: false },
);
const TokenParams = Type.Object({ id: Type.String({ pattern: '^tok_[0-9a-f]{12}$' }) });

export function adminRoutes(
  app: FastifyInstance,
  s: Services,
  simulatorRunning: () => boolean,
): void {
  const onRequest = requireScope(s.store, 'admin');
  const base = { tags: ['admin'], security: [{ bearer: [] }] };
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tokens = s.store.consoleTokens;
  const reasons = reasonsFor(datasetLevelNames(s.dataset));

  r.get(
    '/api/admin/whoami',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'Checks an admin token (the console signs in)',
        response: { 200: WhoAmISchema, ...ERRORS },
      },
    },
    // The reject reasons' words come along, so the console names them as the report does.
    // Worded with the dataset's level names (a county's 镇, 村).
    async (req) => ({ name: callerOf(req) ?? '', scope: 'admin', reasons }),
  );
  r.get(
    '/api/admin/tokens',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'Named tokens, newest first (never the secret)',
        response: { 200: TokenListSchema, ...ERRORS },
      },
    },
    async () => ({ tokens: await tokens.list() }),
  );
  r.post(
    '/api/admin/tokens',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'Create a named token: the secret is in this answer only',
        body: TokenBody,
        response: { 201: TokenCreatedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const id = `tok_${randomBytes(6).toString('hex')}`;
      const secret = randomBytes(24).toString('base64url');
      const at = s.deps.now();
      const name = req.body.name.trim();
      await tokens.create({ id, name, scope: req.body.scope, hash: hashToken(secret), at });
      return reply
        .code(201)
        .send({ id, name, scope: req.body.scope, createdAt: at, token: secret });
    },
  );
  r.delete(
    '/api/admin/tokens/:id',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'Revoke a named token',
        params: TokenParams,
        response: { 200: TokenRevokedSchema, ...ERRORS },
      },
    },
    async (req) => {
      if (!(await tokens.revoke(req.params.id, s.deps.now())))
        throw new HttpError(
          404,
          'unknown_token',
          `no live token with id "${req.params.id}"; GET /api/admin/tokens lists them`,
        );
      return { id: req.params.id, revoked: true };
    },
  );
  r.get(
    '/api/admin/dataset',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'The loaded district, its counts and data:check',
        response: { 200: DatasetReportSchema, ...ERRORS },
      },
    },
    async () => datasetReport(s, simulatorRunning()),
  );
  r.post(
    '/api/admin/simulated/purge',
    {
      onRequest,
      schema: {
        ...base,
        summary: 'Delete every record the built-in simulator wrote (ids SIM-…); figures follow',
        response: { 200: PurgeResultSchema, ...ERRORS },
      },
    },
    async () => {
      // A running simulator would write new ones while they are purged, and carries on the
      // open problems it holds in memory: it has to be off first.
      if (simulatorRunning())
        throw new HttpError(
          409,
          'simulator_running',
          'the simulator is writing: restart the server with SIMULATOR=off, then purge',
        );
      const t0 = performance.now();
      const removed = await purgeSimulated(s.store, s.changes);
      return { removed, ms: Math.round(performance.now() - t0) };
    },
  );
}
