// Builds the client into dist/client when it is missing or older than its sources, so that
// `npm start` on a fresh clone (and the browser tests) always serve the current screen.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// Both pages: a build from before the admin console has no admin.html.
const outputs = ['index.html', 'admin.html'].map((f) => join(root, 'dist/client', f));
const sources = ['client', 'public', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function clientBuildIsStale(): boolean {
  if (!outputs.every((o) => existsSync(o))) return true;
  const built = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return sources.some((s) => newestMtime(join(root, s)) > built);
}

export async function ensureClientBuild(): Promise<void> {
  if (!clientBuildIsStale()) return;
  console.log('Building the screen (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureClientBuild();
}
