// Lint that guards the architecture (run by `npm run lint` and by `npm test`).
// Two jobs: typed correctness checks (typescript-eslint, type-aware), and the layer rules of
// shared/DESIGN.md written as code, so a wrong-way import fails the test command instead of
// waiting for a reviewer to notice it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Node built-ins and packages that do I/O: none of them may reach the pure formulas. */
const IO_MODULES = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'better-sqlite3',
  'pg',
  'fastify',
  'socket.io',
];

/**
 * Who may import whom. `target`: the files being checked; `from`: what they must not import.
 * import-x resolves every specifier first, so `@shared/*` and relative paths are judged alike.
 */
const LAYER_ZONES = [
  {
    target: './client',
    from: ['./server', './scripts', './bench', './tests'],
    message: 'client/ imports only client/ and shared/ (@shared/*), never server or tool code.',
  },
  {
    target: './shared',
    from: ['./client', './server', './scripts', './bench', './tests'],
    message: 'shared/ ends up in the browser bundle and the server: it imports only shared/.',
  },
  {
    target: './server',
    from: ['./scripts', './client', './bench', './tests'],
    message:
      'server/ never imports scripts/ or client/ (move what both need to shared/ or server/).',
  },
  {
    target: './client/store',
    from: ['./client/modes/**', './client/map/**', './client/live/**', './client/**/*.tsx'],
    message:
      'client/store is the bottom of the client: pure updaters that import no components, modes, map or live.',
  },
  {
    target: './client/map',
    from: ['./client/modes/**', './client/live/**'],
    message:
      'client/map draws what the store holds: modes drive it through the store, never by import.',
  },
  {
    // The simulator drives ingest (it writes through the same service as HTTP); ingest never
    // reaches back into the simulator, so the two folders cannot form a cycle.
    target: './server/ingest',
    from: ['./server/simulator'],
    message: 'server/ingest must not import server/simulator (the simulator depends on ingest).',
  },
  {
    target: './server/metrics',
    from: ['./server/store', './server/hub', './server/ingest', './server/routes'],
    message: 'server/metrics holds pure formulas: nothing that does I/O.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'test-results/',
      'bench/results/',
      'data/',
      'public/',
      // A five-line shim that registers tsx inside worker threads; plain JS outside the TS project.
      'server/import/worker-boot.mjs',
      // The WAL checkpointer's thread: plain JS so it needs no TypeScript loader (a few MB).
      'server/store/sqlite-checkpoint-worker.mjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files when it follows imports, and no-cycle sees
      // no cycle among .ts files at all.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: './tsconfig.json', alwaysTryTypes: true }),
      ],
    },
    rules: {
      // The type checker already reports unknown names, with the DOM and Node types we declare.
      'no-undef': 'off',
      // Value imports only: import-x skips `import type`, which the compiler erases. A type-only
      // loop between folders (store ↔ modes was one) is caught by the layer zones instead.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Fastify handlers and hooks are async by the framework's convention: returning the value
      // is how a reply is sent, and an async hook cannot forget to call `done`.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed parameters are the convention for a handler's unused position argument.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests walk untyped JSON bodies (`res.json()`) and ECharts option trees; the `expect` on the
    // value is the check, and a wrong path fails it. Typing every probe would add nothing.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // exceljs splits a character whose bytes straddle two chunks of a sheet's XML into U+FFFD;
    // server/import/exceljs-utf8.ts puts a fixed parser in the require cache, and must run before
    // exceljs loads (it refuses to load after it). The test files share their worker's modules,
    // so every file that imports exceljs imports the fix on the line just above.
    files: ['**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='exceljs']:not(ImportDeclaration[source.value=/exceljs-utf8$/] + ImportDeclaration)",
          message:
            'Import server/import/exceljs-utf8 on the line just above exceljs: the fix must be in place before exceljs loads.',
        },
      ],
    },
  },
  {
    // client/live is the one module that owns the socket; everything else reads the store.
    files: ['client/**'],
    ignores: ['client/live/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'socket.io-client', message: 'Only client/live/ opens the socket.' }] },
      ],
    },
  },
  {
    // Configuration is read and checked in one place; everything else gets a Config.
    files: ['server/**', 'client/**', 'shared/**'],
    ignores: ['server/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through server/config.ts.' },
      ],
    },
  },
  {
    // The store is the only place with SQL.
    files: ['server/**'],
    ignores: ['server/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'better-sqlite3',
              message: 'SQL lives only in server/store (the Store interface).',
            },
            { name: 'pg', message: 'SQL lives only in server/store (the Store interface).' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/metrics/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({
            name,
            message: 'server/metrics holds pure formulas: no I/O modules.',
          })),
        },
      ],
    },
  },
);
