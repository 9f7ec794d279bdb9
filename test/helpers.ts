import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, inject } from 'vitest';

import {
  DEFAULT_HTTP,
  DEFAULT_JWT,
  DEFAULT_LIMITS,
  type AuthConfig,
  type HttpSettings,
  type Limits,
  type Neo4jTarget,
} from '../src/config.js';
import { Database, openDriver } from '../src/db/database.js';
import { startServer, type RunningServer } from '../src/http/server.js';
import { neo4jSessionsInUse } from '../src/metrics.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: {
    data?: T | null;
    errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
    extensions?: { cypherRoundTrips?: number };
  };
}

export interface TestServer {
  db: Database;
  server: RunningServer;
  /** POSTs a GraphQL operation to the running server, as a client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The secret and static tokens the test servers accept. */
export const TEST_AUTH: AuthConfig = {
  anonymousRead: true,
  jwtSecret: 'test-secret-for-the-jingtai-kg-suite-only',
  jwtMaxAgeSeconds: DEFAULT_JWT.maxAgeSeconds,
  jwtClockToleranceSeconds: DEFAULT_JWT.clockToleranceSeconds,
  apiTokens: new Map([
    ['analyst-token-0123456789', { id: 'analyst-script', role: 'analyst' }],
    ['editor-token-0123456789', { id: 'editor-script', role: 'editor' }],
    ['admin-token-0123456789', { id: 'admin-script', role: 'admin' }],
  ]),
};

/** A driver to the shared test Neo4j (or to `uri` with `credentials`), with the service's settings. */
export function testDriver(
  uri = inject('neo4jUri'),
  credentials = inject('neo4jCredentials'),
): ReturnType<typeof openDriver> {
  return openDriver({ uri, database: inject('neo4jDatabase'), ...credentials });
}

/**
 * A small embedded Neo4j of the test's own, for a file that must not disturb the shared one (or
 * that needs settings of its own): a fresh data folder named after `name`, which the file removes
 * when done; little memory, since the seeds are small; a transaction timeout no busy machine reaches.
 */
export function ownNeo4j(name: string): Extract<Neo4jTarget, { mode: 'embedded' }> {
  return {
    mode: 'embedded',
    homeDir: fs.mkdtempSync(path.join(os.tmpdir(), `jingtai-kg-${name}-`)),
    port: 0,
    database: 'neo4j',
    heap: '384m',
    pageCache: '32m',
    transactionTimeout: '10m',
  };
}

/**
 * Opens a driver to the given (default: the shared test) Neo4j and serves the API on a free port.
 * A `uri` other than the shared one comes with its `credentials`.
 * `timeouts` replaces the operation budget and the default transaction timeout, for tests whose
 * outcome must not depend on how fast a busy machine answers; `planner: false` answers level by
 * level, the reference the planner is checked against; `corsOrigins` as CORS_ORIGINS; `pool` a
 * smaller pool, a session counter or a heavy-lane waiting counter of the test's own.
 */
export async function startTestServer(
  uri = inject('neo4jUri'),
  auth: AuthConfig = TEST_AUTH,
  options: {
    timeouts?: { operationMs: number; transactionMs: number };
    planner?: boolean;
    corsOrigins?: readonly string[];
    credentials?: { username: string; password: string };
    /** The pool the API may use and a counter of its open sessions, instead of the defaults. */
    pool?: {
      size?: number;
      busyWaitMs?: number;
      sessions?: { inc(): void; dec(): void };
      heavyWaiting?: { inc(): void; dec(): void };
    };
    /** HTTP settings replacing the defaults' (e.g. a background health check that stays quiet). */
    http?: Partial<HttpSettings>;
    /** Limits replacing the defaults' (the operation budget is `timeouts.operationMs`, when given). */
    limits?: Partial<Limits>;
  } = {},
): Promise<TestServer> {
  const { timeouts, planner, corsOrigins, credentials, pool, http: httpSettings } = options;
  const database = inject('neo4jDatabase');
  const db = new Database(
    testDriver(uri, credentials),
    database,
    timeouts?.transactionMs,
    pool?.sessions ?? neo4jSessionsInUse,
    { poolSize: pool?.size, busyWaitMs: pool?.busyWaitMs, heavyWaiting: pool?.heavyWaiting },
  );
  const limits: Limits = {
    ...DEFAULT_LIMITS,
    ...options.limits,
    ...(timeouts && { operationTimeoutMs: timeouts.operationMs }),
  };
  const server = await startServer({
    db,
    host: '127.0.0.1',
    port: 0,
    auth,
    limits,
    planner,
    corsOrigins,
    http: { ...DEFAULT_HTTP, ...httpSettings },
  });
  return {
    db,
    server,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects
    async gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: (await res.json()) as GraphQLResponse<T>['body'],
      };
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Two servers on the shared Neo4j for the file: the planner on, and off (the per-level reference
 * the planner is checked against). Queries new to Neo4j are planned afresh, which on a loaded
 * machine can take seconds, so their budgets are generous: slowness must not read as a failure.
 */
export function plannedAndPerLevel(): { planned: TestServer; perLevel: TestServer } {
  const servers = {} as { planned: TestServer; perLevel: TestServer };
  const timeouts = { operationMs: 120_000, transactionMs: 120_000 };
  beforeAll(async () => {
    servers.planned = await startTestServer(undefined, undefined, { timeouts });
    servers.perLevel = await startTestServer(undefined, undefined, { planner: false, timeouts });
  });
  afterAll(async () => {
    await servers.planned.close();
    await servers.perLevel.close();
  });
  return servers;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A request exactly as written, as a browser or a proxy would send it: headers fetch would add or
 * refuse (Origin, Accept-Encoding) are the caller's, and the answer is not decompressed. A body
 * goes with its Content-Length, or chunked when `chunked`.
 */
export function rawRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    chunked = false,
  }: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean } = {},
): Promise<RawResponse> {
  const data = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(data && !chunked ? { 'content-length': String(data.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    if (data && chunked) {
      // Two writes and no Content-Length: Node sends the body chunked.
      req.write(data.subarray(0, 10));
      req.end(data.subarray(10));
    } else req.end(data);
  });
}
