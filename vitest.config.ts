import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Explicit includes so stray files (node_modules copies, dist) are never collected.
    // The unit and integration files share their worker's modules (isolate: false): each file
    // importing the whole server afresh was a fifth of the suite's time (unit files 49 -> 21 s,
    // integration 200 -> 170 s on 2 cores). Every file builds its own app, store and clock, and
    // the few that fake timers or globals restore them after each test.
    projects: [
      {
        extends: true,
        // Pure functions and small children: two files at a time on a 2-core machine, first.
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // Servers and databases share one machine with 2 cores: one file at a time, after the
        // unit files, to keep timings honest.
        test: {
          name: 'serial',
          include: ['tests/integration/**/*.test.ts'],
          isolate: false,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        // The browser files: one at a time, each in a fresh module graph (each drives its own
        // server and Chromium). npm test runs them in a run of their own, beside the unit and
        // integration suites: scripts/run-tests.ts says why.
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
