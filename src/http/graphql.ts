import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import express from 'express';

import { logger } from '../logger.js';

/**
 * GraphQL at /graphql, served by a plain node:http handler that sits in front of Express and
 * hands the request straight to Apollo's `executeHTTPGraphQLRequest`, the way Apollo's own
 * `startStandaloneServer` and the express5 integration do, minus Express's router, request and
 * response wrappers. With `npm run bench:http` (10 connections, 5 s runs alternated, on a 2 vCPU
 * AMD EPYC shared with Neo4j, the load generator and other people's jobs): before this handler,
 * Express 5 + @as-integrations/express5 answered `{ __typename }` at 867–1197 req/s against
 * 1753–1921 for a bare handler, and a database-bound `node(id:)` 52% faster; remeasured with this
 * handler (machine more loaded), 480–1028 req/s through Express against 1218–2206 here (+138% on
 * the means) and 84–150 against 96–233 req/s on `node(id:)` (+38%). Under `npm run bench:profile`
 * the service spent 0.59–1.03 ms of CPU per `{ __typename }` against 0.91–2.15 ms before.
 *
 * The rest (health, metrics, the pages and their assets, and a browser's GET /graphql that
 * negotiates the playground) stays with Express: `takesGraphQL` says which requests come here.
 * What Express did on this path is kept: the body is read by the same parser (`express.json`,
 * i.e. body-parser, with the same limit, charsets and content encodings), its errors are
 * answered with the same JSON as Express's error handler (`httpErrorResponse`), and a complete
 * answer is sent as `res.send` sent it (charset, Content-Length, weak ETag, 304 on a matching
 * If-None-Match).
 */

/** What the handler needs: the started Apollo server, the body limit and the context factory. */
export interface GraphQLHandlerOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  maxBodyBytes: number;
  /** The operation's context; a GraphQLError it throws becomes Apollo's answer (its http.status). */
  context: (req: IncomingMessage, res: ServerResponse) => Promise<C>;
}

/**
 * Whether the fast handler serves this request: exactly /graphql (with or without a query
 * string), except a GET or HEAD without a `query` parameter, which may be a browser asking for
 * the playground and is left to Express to negotiate (Express decides with `req.query`, parsed
 * by node:querystring, so the same parser decides here). Anything else under /graphql that
 * Express used to route to Apollo (/graphql/, /GraphQL, an absolute-form URL) still reaches the
 * same handler through Express.
 */
export function takesGraphQL(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  if (!url.startsWith('/graphql') || (url.length > 8 && url[8] !== '?')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return true;
  return url.length > 9 && parseQueryString(url.slice(9)).query !== undefined;
}

/**
 * An error raised before GraphQL runs (a body too large, JSON that does not parse, an unsupported
 * charset) as GraphQL-shaped JSON with a code, never as an HTML page with a stack trace.
 */
export function httpErrorResponse(err: unknown): { status: number; body: { errors: unknown[] } } {
  const status =
    typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
  const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  const [code, message] =
    type === 'entity.too.large'
      ? ['PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts.']
      : status < 500
        ? ['BAD_REQUEST', 'The request body is not valid JSON.']
        : ['INTERNAL_SERVER_ERROR', 'Internal server error'];
  if (status >= 500) logger.error({ err }, 'http error');
  return { status, body: { errors: [{ message, extensions: { code } }] } };
}

/** Express's weak ETag of a body (the `etag` package with `weak: true`, as `res.send` sets it). */
function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}

/** Express's `req.fresh` (the `fresh` package) for a response carrying only an ETag. */
function isFresh(req: IncomingMessage, status: number, etag: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if ((status < 200 || status >= 300) && status !== 304) return false;
  const noneMatch = req.headers['if-none-match'];
  const modifiedSince = req.headers['if-modified-since'];
  if (!noneMatch && !modifiedSince) return false;
  const cacheControl = req.headers['cache-control'];
  if (cacheControl && /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(cacheControl)) return false;
  if (!noneMatch) return false; // If-Modified-Since alone: the answer has no Last-Modified
  if (noneMatch === '*') return true;
  return noneMatch
    .split(',')
    .map((token) => token.trim())
    .some((match) => match === etag || `W/${match}` === etag || match === `W/${etag}`);
}

/**
 * Sends a complete body as Express's `res.send(string)` did: UTF-8, a charset on the content type
 * (text/html when there is none), Content-Length, a weak ETag, 304 without a body when the
 * client's If-None-Match matches, no body for HEAD. When the compression middleware in front
 * (src/http/server.ts) compresses the body, it drops that Content-Length; the weak ETag stays.
 *
 * Unlike Express, only a GET or HEAD gets an ETag: a conditional request revalidates those alone,
 * so hashing every POST's answer (a SHA-1 of the whole body per operation) served nobody. A POST's
 * answer goes out as the string it is: Node then sends the head and the body in one write, where
 * a Buffer is copied first and written beside the head.
 */
function sendComplete(req: IncomingMessage, res: ServerResponse, text: string): void {
  const type = res.getHeader('content-type');
  if (typeof type !== 'string') res.setHeader('content-type', 'text/html; charset=utf-8');
  else if (!/;\s*charset=/i.test(type)) res.setHeader('content-type', `${type}; charset=utf-8`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (!res.hasHeader('transfer-encoding')) res.setHeader('content-length', Buffer.byteLength(text, 'utf8'));
    res.end(text, 'utf8');
    return;
  }
  const body = Buffer.from(text, 'utf8');
  if (!res.hasHeader('transfer-encoding')) res.setHeader('content-length', body.length);
  let etag = res.getHeader('etag');
  if (etag === undefined) {
    etag = weakEtag(body);
    res.setHeader('etag', etag);
  }
  if (isFresh(req, res.statusCode, String(etag))) {
    res.statusCode = 304;
    res.removeHeader('content-type');
    res.removeHeader('content-length');
    res.removeHeader('transfer-encoding');
    res.end();
    return;
  }
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** The errors of `httpErrorResponse` as Express's `res.status(status).json(body)` sent them. */
function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    // What Express's final handler does when an answer is already under way: cut it.
    logger.error({ err }, 'http error');
    res.destroy();
    return;
  }
  const { status, body } = httpErrorResponse(err);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  sendComplete(req, res, JSON.stringify(body));
}

/**
 * The /graphql handler: reads the JSON body, runs the operation through Apollo (CSRF prevention,
 * the context and its authentication, the plugins, content negotiation all happen there) and
 * writes Apollo's status, headers and body, chunk by chunk when Apollo streams (incremental
 * delivery). It can also be mounted in Express (`app.use('/graphql', handler)`).
 */
export function graphqlHandler<C extends BaseContext>({
  apollo,
  maxBodyBytes,
  context,
}: GraphQLHandlerOptions<C>): (req: IncomingMessage, res: ServerResponse) => void {
  apollo.assertStarted('graphqlHandler()');
  const parseBody = express.json({ limit: maxBodyBytes });

  const run = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // As url.parse(req.url).search, which the integrations use: from the `?` to a `#`, if any.
    const url = (req.url ?? '').split('#', 1)[0] ?? '';
    const q = url.indexOf('?');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: q < 0 ? '' : url.slice(q),
      body: req.body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context(req, res) });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      sendComplete(req, res, response.body.string);
      return;
    }
    // Each part as it comes: `flush` is the compression middleware's, when it compresses this answer.
    const { flush } = res as ServerResponse & { flush?: () => void };
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      flush?.call(res);
    }
    res.end();
  };

  return (req, res) => {
    parseBody(req, res, (err?: unknown) => {
      if (err) sendError(req, res, err);
      else
        run(req, res).catch((error: unknown) => {
          sendError(req, res, error);
        });
    });
  };
}

/**
 * Calls `done` once the answer on `res` has left the server: written out to the client, or its
 * connection closed early. Node emits 'close' on a response in both cases, keep-alive or not.
 */
export function whenAnswered(res: ServerResponse): (done: () => void) => void {
  return (done) => {
    if (res.closed) done();
    else res.once('close', done);
  };
}
