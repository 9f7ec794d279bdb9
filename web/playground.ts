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

// `?query=` (the explorer's "Open in the playground" link) opens that query in the active tab:
// the first tab on a first visit, a tab of its own next to the stored ones afterwards.
const asked = new URLSearchParams(window.location.search).get('query') ?? undefined;
const tabs = examples.map((e) => ({ query: e.query }));

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    plugins: [HISTORY_PLUGIN, explorerPlugin()],
    defaultTabs: asked ? [{ query: asked }, ...tabs] : tabs,
    initialQuery: asked,
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: true,
  }),
);
