// Crash cycles: the real server (a child process) takes concurrent creates, transitions, ratings,
// check-ins and batches from twelve writers (so they share group commits) and is SIGKILLed at a
// random moment, again and again.
// After each kill the database file must hold every acknowledged write and nothing half-written
// (tests/faults/write-model.ts); after each restart the running totals equal a recount.
// `npm test` runs 5 cycles; `npm run test:faults` runs 50 (FAULT_CYCLES), FUZZ_SEED varies them.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../e2e/harness';
import { ADMIN, INGEST } from './build-app';
import { tinyDatasetDir } from '../fixtures/tiny-dataset';
import { kill9, startServer, type ServerSpec } from '../faults/server-process';
import { WriteModel } from '../faults/write-model';
import { writer, type WriterContext } from '../faults/writers';
import { mulberry32 } from '../../server/random/prng';
import { FAULT_CYCLES, SEED } from '../fuzz/scale';
import { ON_PG, SQLITE_ONLY } from './test-store';

const WRITERS = 12;

describe.skipIf(ON_PG)(`crash cycles (${SQLITE_ONLY})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-cycles-'));
  let dataDir = '';
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child) await kill9(child);
    rmSync(dir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `keeps every acknowledged write and nothing half-written over ${FAULT_CYCLES} kill -9 cycles`,
    async () => {
      dataDir = await tinyDatasetDir();
      const spec: ServerSpec = {
        port: await freePort(),
        dir,
        dataDir,
        ingestToken: INGEST,
        adminToken: ADMIN,
      };
      const url = `http://127.0.0.1:${spec.port}`;
      const model = new WriteModel();
      // The server's seeded PRNG: the same seed gives the same choices and kill moments.
      const rand = mulberry32(SEED);
      const ctx: WriterContext = { url, token: INGEST, model, rand, unexpected: [] };
      const recountProblems: string[] = [];
      let largestGroup = 0;
      const started = Date.now();

      for (let cycle = 0; cycle < FAULT_CYCLES; cycle++) {
        child = await startServer(spec);
        const recount = await fetch(`${url}/api/admin/recount`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}` },
        });
        const r = (await recount.json()) as { identical: boolean; differing: string[] };
        if (!r.identical) recountProblems.push(`cycle ${cycle}: ${r.differing.join(',')}`);

        const writers = Array.from({ length: WRITERS }, (_, w) => writer(ctx, `w${w}`, cycle));
        // A random moment while the writers are busy: early ones catch a write mid-transaction.
        await new Promise((done) => setTimeout(done, 100 + Math.floor(rand() * 900)));
        const health = (await (await fetch(`${url}/api/health`)).json()) as {
          writes: { largest: number };
        };
        largestGroup = Math.max(largestGroup, health.writes.largest);
        await kill9(child);
        await Promise.all(writers);
        child = undefined;
        model.verify(join(dir, 'screen.sqlite'));
      }

      // The last restart: the file as the kills left it must start and count the same.
      child = await startServer(spec);
      const last = await fetch(`${url}/api/admin/recount`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(((await last.json()) as { identical: boolean }).identical).toBe(true);

      const lost = model.lost.length;
      console.log(
        `${FAULT_CYCLES} cycles, ${model.acknowledged} acknowledged, ${lost} lost ` +
          `(${model.halfThere.length} half-written, largest group commit ${largestGroup}, ` +
          `seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s)`,
      );
      expect(model.lost).toEqual([]);
      expect(model.halfThere).toEqual([]);
      expect(ctx.unexpected).toEqual([]);
      expect(recountProblems).toEqual([]);
      expect(model.acknowledged).toBeGreaterThan(FAULT_CYCLES * 10);
      // Acknowledged from shared commits: the kills hit group commit, not one commit per write.
      expect(largestGroup).toBeGreaterThan(1);
    },
    60_000 + FAULT_CYCLES * 20_000,
  );
});
