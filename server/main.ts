// The only entry point: config from the environment, the app, listen, and a graceful close that
// tells screens "reconnecting" before the socket goes away.
import { configFromEnv } from './config';
import { buildApp } from './app';
import { installCrashPolicy } from './crash-policy';
import { storeName } from './services';

import type { FastifyInstance } from 'fastify';
import type { Config } from './config';

let config: Config | undefined;
let app: FastifyInstance;
try {
  config = configFromEnv();
  app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  // A bad setting, an invalid dataset or a busy port: say it plainly, no stack trace.
  const e = err as NodeJS.ErrnoException;
  console.error(
    e.code === 'EADDRINUSE'
      ? `cannot start: port ${config?.port ?? 'PORT'} is in use (set PORT to another one)`
      : `cannot start: ${e.message}`,
  );
  process.exit(1);
}

const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const ds = app.services.dataset.manifest;
console.log(
  `\n  智慧社区数据大屏 · Smart Community Big Screen\n` +
    `  screen:  http://${shown}:${config.port}/   (English: /?lang=en)\n` +
    `  API doc: http://${shown}:${config.port}/docs\n` +
    `  data:    ${ds.name} (${config.dataDir}), database ${storeName(config)}\n` +
    `  live simulator: ${app.simulator ? `on, ×${config.simulatorSpeed}` : 'off'}` +
    `${config.simulator === 'auto' ? ` (SIMULATOR=auto: ${app.simulator ? 'a demo dataset' : 'a real district'})` : ''}\n`,
);

// See crash-policy.ts: serve on after a peer's reset connection; exit on anything else (store,
// file system, our own bugs). The exit waits a moment so the fatal log line reaches its file.
installCrashPolicy(app.log, (code) => {
  setTimeout(() => process.exit(code), 500);
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info(`${signal}: closing`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
