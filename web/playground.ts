// The offline GraphQL playground: GraphiQL bundled by Vite (Monaco workers included), served by
// the API process. Nothing is fetched from a CDN.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';

import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

import { examples } from './examples.js';

const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', window.location.href).toString(),
  // Sent with every request so that Apollo's CSRF prevention lets GET requests through too.
  headers: { 'apollo-require-preflight': 'true' },
});

const root = document.getElementById('playground');
if (!root) throw new Error('#playground is missing');

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    plugins: [HISTORY_PLUGIN, explorerPlugin()],
    defaultTabs: examples.map((e) => ({ query: e.query })),
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: true,
  }),
);
