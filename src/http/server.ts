import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import compression from 'compression';
import express, { type ErrorRequestHandler } from 'express';

import { authenticate } from '../auth/index.js';
import { DEFAULT_HTTP, DEFAULT_LIMITS, type AuthConfig, type HttpSettings, type Limits } from '../config.js';
import { unauthenticated } from '../errors.js';
import { createContext } from '../context.js';
import { registry } from '../metrics.js';
import type { Database } from '../db/database.js';
import { PlanCache } from '../db/planner/cache.js';
import { createApollo } from './apollo.js';
import { BOOKMARKS_HEADER, parseBookmarks } from './bookmarks.js';
import { corsPolicy } from './cors.js';
import { DatabaseStatus } from './health.js';
import { securityHeaders } from './headers.js';
import { graphqlHandler, httpErrorResponse, takesGraphQL, whenAnswered } from './graphql.js';
import { anonymousRateLimit } from './rateLimit.js';
import { mountWeb } from './web.js';

export interface ServerOptions {
  db: Database;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  limits?: Limits;
  /** Timers and bounds of the HTTP server itself. */
  http?: HttpSettings;
  production?: boolean;
  /** Who may call: the loaded configuration's (src/config.ts), passed down by the caller. */
  auth: AuthConfig;
  /** Compile each operation into one Cypher query (default); false answers level by level. */
  planner?: boolean;
  /** Origins whose pages may call the API cross-origin (CORS_ORIGINS); default none. */
  corsOrigins?: readonly string[];
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then resolves. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** The caller's request id when it is a plain token, else a fresh one. */
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Errors raised before GraphQL runs or outside it (a body too large, JSON that does not parse)
 * answered as GraphQL-shaped JSON with a code, never as Express's HTML page with a stack trace.
 */
const bodyErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const { status, body } = httpErrorResponse(err);
  res.status(status).json(body);
};

/**
 * The `compression` middleware, callable with Node's own request and response (it only wraps
 * `res.write`/`res.end` and reads headers): gzip, deflate or Brotli as Accept-Encoding asks, for
 * compressible types (JSON, GraphQL's `+json`, JS, CSS, HTML) of 1 KB or more. A compressed
 * answer loses its Content-Length (it is chunked) and keeps its weak ETag; HEAD, 304 and answers
 * with `Cache-Control: no-transform` are sent as they are.
 */
function compressAnswers(): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  const middleware = compression({ threshold: 1024 }) as unknown as (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    next: () => void,
  ) => void;
  return middleware;
}

/** Raised when the HTTP port is taken; its message is meant for the user. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Serves GraphQL at /graphql plus /health (liveness and database state) and /ready. */
export async function startServer({
  db,
  host,
  port,
  limits = DEFAULT_LIMITS,
  http: settings = DEFAULT_HTTP,
  production = false,
  auth,
  planner = true,
  corsOrigins = [],
}: ServerOptions): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer({
    // Node's own guards against slow clients, tightened: its defaults (60 s for the headers, 300 s
    // for the whole request, checked every 30 s) let a client trickling a byte a second hold a
    // socket for minutes. The check runs often enough for the shortest timeout to bite on time.
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, settings.headersTimeoutMs / 2)),
  });
  // Past the cap Node closes a new connection at once; the open ones are served as before.
  httpServer.maxConnections = settings.maxConnections;
  httpServer.keepAliveTimeout = settings.keepAliveTimeoutMs;
  const apollo = createApollo(httpServer, limits, production);
  await apollo.start();
  // The plans of the operations clients send, kept for the next time they send them.
  const planCache = new PlanCache();
  const limitAnonymous = anonymousRateLimit({
    perMinute: settings.anonymousPerMinute,
    trustProxy: settings.trustProxy,
  });
  const graphql = graphqlHandler({
    apollo,
    maxBodyBytes: limits.maxBodyBytes,
    context: async (req, res) => {
      const bookmarks = parseBookmarks(req.headers[BOOKMARKS_HEADER]);
      const caller = await authenticate(req.headers.authorization, auth);
      if (!caller.role && !auth.anonymousRead) throw unauthenticated();
      if (!caller.role && limitAnonymous) await limitAnonymous(req);
      return createContext(db, {
        timeoutMs: limits.operationTimeoutMs,
        requestId: requestIdOf(req.headers['x-request-id']),
        caller,
        planner,
        planCache,
        bookmarks,
        answered: whenAnswered(res),
      });
    },
  });
  // Security headers, compression and one CORS policy for every route, applied before the request is routed; then
  // /graphql goes straight to Apollo, without Express (see src/http/graphql.ts), the rest to Express.
  const cors = corsPolicy(corsOrigins);
  const compress = compressAnswers();
  const secure = securityHeaders();
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    secure(req, res, () => {
      compress(req, res, () => {
        cors(req, res, () => {
          if (takesGraphQL(req)) graphql(req, res);
          else app(req, res);
        });
      });
    });
  });

  app.disable('x-powered-by');
  // Both answer from the state the background check last saw, never with a ping of their own.
  const status = new DatabaseStatus(() => db.ping(), settings.healthCheckIntervalMs);
  await status.start();
  app.get('/health', (_req, res) => {
    const { up, checkedAt } = status.current;
    res.json({ status: 'ok', database: up ? 'up' : 'down', checkedAt: checkedAt.toISOString() });
  });
  app.get('/ready', (_req, res) => {
    const { up, checkedAt } = status.current;
    res.status(up ? 200 : 503).json({ ready: up, database: up ? 'up' : 'down', checkedAt: checkedAt.toISOString() });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  mountWeb(app);
  // The requests under /graphql that takesGraphQL leaves to Express and that are not a page.
  app.use('/graphql', graphql);
  app.use(bodyErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${String(port)} on ${host} is already in use. Set PORT to a free port (e.g. PORT=4001 npm start).`,
            )
          : err,
      );
    });
    httpServer.listen({ host, port }, resolve);
  }).catch((err: unknown) => {
    status.stop();
    throw err;
  });
  const actual = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${String(actual)}/graphql`,
    port: actual,
    async stop() {
      status.stop();
      await apollo.stop();
    },
  };
}
