import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Explicit includes so stray files (node_modules copies, dist) are never collected.
    projects: [
      {
        extends: true,
        // Pure functions and small children: two files at a time on a 2-core machine, first.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // Servers, databases and the browser share one machine with 2 cores: one file at a time,
        // after the unit files, to keep timings honest. (npm test runs the browser files in a
        // run of their own, beside the PostgreSQL pass: scripts/run-tests.ts says why.)
        test: {
          name: 'serial',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
