import { createRequire } from 'node:module';

import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

const UNIT = 'test/unit/**/*.test.ts';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (graphql 16 has no "exports"), and CommonJS
    // dependencies such as graphql-armor load that same build. Vite would pick the ES module
    // build for our own files instead, and two copies of graphql refuse each other's types.
    // Both projects inherit this (extends: true).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // One JSON line per request would bury the test report; warnings and errors still show.
    env: { LOG_LEVEL: 'warn' },
    // `npm test` runs both projects; `npm run test:unit` only the first, with no JVM and no network.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [UNIT],
          // Pure modules: one module cache per worker instead of one per file (OpenCC's tables load once).
          isolate: false,
          // Pure computation, but parsing every source file with TypeScript takes seconds when
          // both cores are busy: the default 5 s would fail a correct test on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, UNIT],
          // One embedded Neo4j for the whole run, on a free port with a throwaway folder.
          globalSetup: ['test/globalSetup.ts'],
          // Several files start JVMs of their own (outage, life cycle); on a 2-core machine they
          // are more reliable one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
