import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (graphql 16 has no "exports"), and CommonJS
    // dependencies such as graphql-armor load that same build. Vite would pick the ES module
    // build for our own files instead, and two copies of graphql refuse each other's types.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One JSON line per request would bury the test report; warnings and errors still show.
    env: { LOG_LEVEL: 'warn' },
    // One embedded Neo4j for the whole run, on a free port with a throwaway folder.
    globalSetup: ['test/globalSetup.ts'],
    // Several files start JVMs of their own (outage, life cycle); on a 2-core machine they are
    // more reliable one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
