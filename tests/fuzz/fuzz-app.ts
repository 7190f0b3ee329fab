// The app a fuzz run drives: the real server in-process on the tiny dataset, with a stand-in
// built screen (so the static routes and the page fallback exist), the real scene files, and
// no write rate limit (a fuzz run is one client sending thousands of writes; 429s would hide
// every other answer).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildTestApp, type TestApp } from '../integration/build-app';

const root = resolve(import.meta.dirname, '../..');

export async function buildFuzzApp(env: Record<string, string> = {}): Promise<TestApp> {
  const extra = mkdtempSync(join(tmpdir(), 'fuzz-files-'));
  const client = join(extra, 'client');
  mkdirSync(join(client, 'assets'), { recursive: true });
  writeFileSync(join(client, 'index.html'), '<!doctype html><title>screen</title>\n');
  writeFileSync(join(client, 'assets', 'app.js'), 'console.log("screen");\n');
  const scenes = join(extra, 'scenes');
  mkdirSync(scenes);
  for (const f of ['tour.json', 'briefing.json'])
    copyFileSync(join(root, 'data', f), join(scenes, f));
  const t = await buildTestApp({
    env: {
      CLIENT_DIR: client,
      SCENES_DIR: scenes,
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'silent',
      ...env,
    },
  });
  return {
    ...t,
    close: async () => {
      await t.close();
      rmSync(extra, { recursive: true, force: true });
    },
  };
}
