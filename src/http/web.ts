import fs from 'node:fs';
import path from 'node:path';

import express, { type Express, type Request } from 'express';

import { projectRoot } from '../config.js';

export const WEB_DIR = path.join(projectRoot, 'dist', 'web');

// The pages may load only what this server serves: with no CDN reachable on an intranet, an
// accidental external reference should fail loudly in development, not silently in the field.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A browser asking for a page, rather than a GraphQL client asking for data. */
function wantsPage(req: Request): boolean {
  return (
    req.query.query === undefined &&
    req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
  );
}

/**
 * Serves the front end built by Vite into dist/web: the playground at /playground (and at
 * /graphql for browsers), the network explorer at /explore, their assets under /assets.
 */
export function mountWeb(app: Express): void {
  const page = (name: string) => (_req: Request, res: express.Response) => {
    const file = path.join(WEB_DIR, `${name}.html`);
    if (!fs.existsSync(file)) {
      res.status(503).type('text/plain').send('The web front end is not built. Run: npm run build:web');
      return;
    }
    res.setHeader('Content-Security-Policy', CSP);
    res.sendFile(file);
  };
  app.use(
    '/assets',
    express.static(path.join(WEB_DIR, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  app.get('/playground', page('playground'));
  app.get('/explore', page('explore'));
  app.get('/graphql', (req, res, next) => (wantsPage(req) ? page('playground')(req, res) : next()));
  app.get('/', (_req, res) => res.redirect('/explore'));
}
