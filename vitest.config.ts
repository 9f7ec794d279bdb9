import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One embedded Neo4j for the whole run, on a free port with a throwaway folder.
    globalSetup: ['test/globalSetup.ts'],
    // Several files start JVMs of their own (outage, life cycle); on a 2-core machine they are
    // more reliable one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
