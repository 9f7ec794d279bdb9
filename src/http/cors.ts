import type { IncomingMessage, ServerResponse } from 'node:http';

import cors from 'cors';

/** The request headers a browser may send cross-origin: ours and those Apollo's clients add. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-request-id',
  'neo4j-bookmarks',
];

/** Adds a field to the response's Vary header unless it is there already (as the `vary` package). */
export function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  const value = Array.isArray(current) ? current.join(', ') : current === undefined ? '' : String(current);
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  if (fields.includes('*') || fields.includes(field.toLowerCase())) return;
  res.setHeader('vary', value ? `${value}, ${field}` : field);
}

/**
 * The CORS policy of every route (/graphql and the Express ones), as one middleware callable
 * with Node's own request and response. An origin in `origins` (exact match) is allowed GET and
 * POST with credentials, the headers above, and may read x-request-id; its preflight is answered
 * 204. Any other origin gets no Access-Control-* header at all: its preflight is answered 204
 * without them (the browser then refuses the request), and its other requests go on as without
 * CORS, where Apollo's CSRF prevention still refuses the simple ones.
 */
export function corsPolicy(
  origins: readonly string[],
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const allowed = new Set(origins);
  const listed = cors({
    origin: true, // reflects the request's Origin, which the check below has found in the list
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id'],
    credentials: true,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      listed(req, res, next);
      return;
    }
    // The answer differs by Origin whenever the list is not empty (a cache must not mix them).
    if (allowed.size > 0) addVary(res, 'Origin');
    if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method']) {
      res.statusCode = 204;
      res.setHeader('content-length', '0');
      res.end();
      return;
    }
    next();
  };
}
