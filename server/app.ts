// The root: outside plugins, our services, routes, then the error and 404 handlers. No listen:
// tests drive the app in-process (app.inject, or listen on port 0 for real socket.io clients).
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol';
import type { Config } from './config';
import type { ImportEngine } from './import/import-engine';
import { setUpTokens } from './auth';
import { logSerializers } from './log-redact';
import { watchEventLoop } from './event-loop';
import { startIdempotencySweep } from './store/idempotency-sweep';
import { startNightlyCheck } from './store/rollup-check';
import { createServices, type Services } from './services';
import { createSimulator, type Simulator } from './simulator/simulator';
import { isDemo } from './dataset/demo';
import { readRoutes } from './routes/api/read-routes';
import { writeRoutes } from './routes/api/write-routes';
import { sceneRoutes } from './routes/api/scene-routes';
import { importRoutes } from './routes/api/import-routes';
import { adminRoutes } from './routes/api/admin-routes';
import { adminPage } from './routes/admin-page';
import { frameworkErrors, installErrorHandlers } from './error-handlers';
import { screenGuard } from './screen-guard';
import { createRealtime } from './realtime';
import { createRedisLink } from './cluster/redis-link';
import { joinCluster, type Cluster } from './cluster/join';
import { streamStart } from './cluster/change-feed';
import type { Server } from 'socket.io';
import type { Hub } from './hub/hub';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    hub: Hub;
    io: Server<ClientToServerEvents, ServerToClientEvents>;
    simulator: Simulator | null;
    imports: ImportEngine;
    /** The change feed to the other nodes (REDIS_URL), else null. */
    cluster: Cluster | null;
  }
}

export async function buildApp(config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, serializers: logSerializers },
    // Unknown fields are an error the caller should hear about, not something to drop quietly.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    trustProxy: config.trustProxy,
    frameworkErrors,
  });
  const startedAt = Date.now();

  await app.register(swagger, {
    openapi: {
      info: { title: '智慧社区数据大屏 API · Smart Community Big Screen', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // REDIS_URL joins the nodes: socket.io rooms, briefings, and the write limits (a client's writes
  // count on every node alike). Redis away: limits are not enforced rather than writes refused.
  const link = config.redisUrl ? createRedisLink(config.redisUrl, app.log) : null;
  await app.register(rateLimit, {
    global: false,
    ...(link && { redis: link.redis, nameSpace: 'screen-rate:', skipOnError: true }),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `too many writes: at most ${ctx.max} a minute from one client; retry in ${Math.ceil(ctx.ttl / 1000)} s, or send many records at once with POST /api/batch`,
    }),
  });

  // Where this node's change feed will start, recorded before its figures are loaded (join.ts).
  const from = config.redisUrl ? await streamStart(config.redisUrl) : undefined;
  const services = await createServices(config, app.log);
  const generated = await setUpTokens(services.store, config);
  for (const f of generated) app.log.info(`write token in ${f}`);
  const idemSweep = startIdempotencySweep(
    services.store,
    config.now,
    (n) => app.log.info({ rows: n }, 'forgot idempotency keys older than 7 days'),
    (err) => app.log.error({ err }, 'idempotency sweep failed'),
  );

  const stopNightlyCheck = startNightlyCheck(
    () => services.checkRollups(),
    (r) =>
      r.identical
        ? app.log.info({ ms: r.ms }, 'roll-up check: identical to a count of the rows')
        : app.log.error({ differing: r.differing.slice(0, 20) }, 'roll-up check: roll-ups differ'),
    (err) => app.log.error({ err }, 'roll-up check failed'),
  );

  const { io, hub, asOf, exactHttp } = createRealtime(app, services, config, link);
  const loop = watchEventLoop((figures) =>
    app.log.info({ eventLoop: figures }, 'event-loop delay'),
  );
  app.decorate('services', services);
  app.decorate('hub', hub);
  app.decorate('io', io);
  screenGuard(app, io, config, services.store);

  let simulator: Simulator | null = null;
  // A real district's figures never get invented ones by accident: `auto` runs it on demos only.
  if (
    config.simulator === 'on' ||
    (config.simulator === 'auto' && isDemo(services.dataset.manifest))
  ) {
    simulator = createSimulator({
      ingest: services.ingest,
      index: services.index,
      now: config.now,
      speed: config.simulatorSpeed,
      problemsPerDay: services.problemsPerDay,
      openProblems: services.openAtStart,
      onError: (err) => app.log.warn({ err }, 'simulator step failed'),
    });
  }
  app.decorate('simulator', simulator);
  const cluster = config.redisUrl ? joinCluster(config.redisUrl, services, app.log, from) : null;
  app.decorate('cluster', cluster);

  // Before any route: `await app.register(fastifyStatic)` below boots the routes declared so far
  // with whatever error handler is set at that moment, so a handler installed after it reached
  // only the tests (which run without a built screen), and real callers got Fastify's own shape.
  const hasClient = existsSync(join(config.clientDir, 'index.html'));
  installErrorHandlers(app, hasClient);

  readRoutes(app, {
    s: services,
    hub,
    asOf,
    loop,
    startedAt,
    positions: config.publicPositions,
    exact: exactHttp,
  });
  writeRoutes(app, services, config.rateLimitPerMinute);
  sceneRoutes(app, config.scenesDir);
  app.decorate('imports', importRoutes(app, services, config));
  adminRoutes(app, services, () => simulator !== null);

  if (hasClient) {
    await app.register(fastifyStatic, {
      root: config.clientDir,
      wildcard: true,
      // Hashed assets never change; index.html must, so a screen picks up a new build on reload.
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
      cacheControl: false,
    });
    adminPage(app);
  } else
    app.log.info(
      `no built screen in ${config.clientDir}: serving the API only (run npm run build)`,
    );

  // Before the HTTP server closes: Fastify's own onClose hook closes it first and waits for every
  // connection, and a screen's WebSocket ends only when socket.io closes, so closing the sockets
  // in onClose left a node with connected screens stuck until main.ts's 10 s force-exit.
  app.addHook('preClose', async () => {
    hub.close();
    await io.close();
  });
  app.addHook('onClose', async () => {
    simulator?.stop();
    idemSweep.stop();
    stopNightlyCheck();
    loop.stop();
    await app.imports.close();
    link?.close();
    // Writes still queued for a group commit (a simulator step) are committed, not dropped.
    await services.ingest.flush();
    await services.ingest.close();
    // After the flush: the changes of those last writes still go out to the other nodes.
    await cluster?.close();
    await services.store.close();
  });
  return app;
}
