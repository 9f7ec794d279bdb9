import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

// Two pages, both served by the API process: the GraphQL playground and the network explorer.
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      input: { playground: here('playground.html'), explore: here('explore.html') },
      // GraphiQL's dependencies carry React Server Components' "use client" markers, which mean
      // nothing in a client-only bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
});
