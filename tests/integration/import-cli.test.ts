// The import CLI against a real listening server: unmapped values stop it (exit 2, nothing
// written), --on-unmapped reject imports, and with --json the last line is the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestApp, INGEST, type TestApp } from './build-app';
import { HOTLINE_EXPECTED, hotlineGbkCsv } from '../fixtures/messy-exports';

const run = promisify(execFile);
let t: TestApp;
let url: string;
let file: string;

beforeAll(async () => {
  t = await buildTestApp();
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  file = join(t.dir, '12345导出.csv');
  writeFileSync(file, hotlineGbkCsv(t.config.now()));
});
afterAll(async () => t.close());

async function cli(...args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, ...args], {
      env: { ...process.env, INGEST_TOKEN: INGEST, ADMIN_TOKEN: '' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lastJson = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!);
const reported = () =>
  t.app.services.agg.window(t.app.services.index.districtId, 'rolling30').reported;

describe('npm run import', () => {
  it(
    'stops on unmapped values, then imports with --on-unmapped reject',
    { timeout: 90_000 },
    async () => {
      const before = reported();
      const stopped = await cli('--source', '12345', '--url', url, '--json');
      expect(stopped.code, stopped.stderr).toBe(2);
      expect(stopped.stderr).toContain('噪音扰民');
      expect(lastJson(stopped.stdout)).toMatchObject({
        stopped: 'unmapped_values',
        unmapped: HOTLINE_EXPECTED.unmapped,
      });
      expect(reported()).toBe(before);

      const done = await cli(
        '--source',
        '12345',
        '--url',
        url,
        '--json',
        '--on-unmapped',
        'reject',
      );
      expect(done.code, done.stderr).toBe(0);
      const out = lastJson(done.stdout);
      expect(out).toEqual({
        importId: expect.stringMatching(/^imp_/),
        encoding: 'gb18030',
        accepted: HOTLINE_EXPECTED.accepted,
        duplicates: HOTLINE_EXPECTED.duplicates,
        skippedBlank: HOTLINE_EXPECTED.skippedBlank,
        rejected: HOTLINE_EXPECTED.rejected,
      });
      expect(reported() - before).toBe(HOTLINE_EXPECTED.accepted);
    },
  );
});
