import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (where package.json lives), whatever the working directory: the
 * nearest folder above this module holding a package.json, so that it is the same from
 * src/config.ts (tsx, tests) and from the compiled dist/server/config.js (`npm start`).
 */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** How the service reaches Neo4j: an embedded JVM it starts itself, or an external server. */
export type Neo4jTarget =
  | {
      mode: 'embedded';
      /** Bolt port on 127.0.0.1; 0 picks a free port. */
      port: number;
      homeDir: string;
      database: string;
      heap: string;
      pageCache: string;
      transactionTimeout: string;
      /** Memory one transaction may use (db.memory.transaction.max), e.g. `512m`; DEFAULT_TRANSACTION_MEMORY when absent. */
      transactionMemory?: string;
    }
  | { mode: 'external'; uri: string; username: string; password: string; database: string };

/** Query limits (see the README's "Limits and failure behaviour"). */
export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Estimated cost: list fields weigh by their first/limit, paths and networks by their bounds. */
  maxCost: number;
  /**
   * Cost above which an accepted operation is heavy: it queues in the database's heavy lane
   * (HEAVY_OPERATIONS at a time) instead of competing with ordinary operations.
   */
  heavyCost: number;
  /** Time budget of one operation, shared by all its Cypher round trips. */
  operationTimeoutMs: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
}

/** The HTTP server's own timers and bounds (see the README's Configuration). */
export interface HttpSettings {
  /** How often the background check pings Neo4j; /health and /ready answer from its last result. */
  healthCheckIntervalMs: number;
  /** Time a client has to send the request line and all headers (else 408 and the socket closed). */
  headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included (else 408): a trickled body ends here. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; beyond it new ones are closed at once, and the ones open are served. */
  maxConnections: number;
  /** Anonymous callers' GraphQL requests per minute per address (0: no limit), see rateLimit.ts. */
  anonymousPerMinute: number;
  /** Proxies trusted to name the client in X-Forwarded-For (Express `trust proxy` values). */
  trustProxy: readonly string[];
}

export const DEFAULT_HTTP: HttpSettings = {
  healthCheckIntervalMs: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  anonymousPerMinute: 0,
  trustProxy: [],
};

function httpFrom(env: NodeJS.ProcessEnv): HttpSettings {
  const big = 1e9;
  const settings: HttpSettings = {
    healthCheckIntervalMs: int(env, 'HEALTH_CHECK_INTERVAL_MS', DEFAULT_HTTP.healthCheckIntervalMs, big),
    headersTimeoutMs: int(env, 'HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP.headersTimeoutMs, big),
    requestTimeoutMs: int(env, 'HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP.requestTimeoutMs, big),
    keepAliveTimeoutMs: int(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP.keepAliveTimeoutMs, big),
    maxConnections: int(env, 'HTTP_MAX_CONNECTIONS', DEFAULT_HTTP.maxConnections, big),
    anonymousPerMinute: int(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', DEFAULT_HTTP.anonymousPerMinute, big),
    trustProxy: (env.TRUST_PROXY ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  };
  // Node refuses a request timeout shorter than the headers' (the headers are part of the request).
  if (settings.requestTimeoutMs > 0 && settings.headersTimeoutMs > settings.requestTimeoutMs) {
    throw new Error(
      `HTTP_HEADERS_TIMEOUT_MS (${String(settings.headersTimeoutMs)}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${String(settings.requestTimeoutMs)})`,
    );
  }
  return settings;
}

/** Who may do what (see the README's "Roles and tokens"). */
export interface AuthConfig {
  /** Callers without a token may read. */
  anonymousRead: boolean;
  /** Static API tokens for scripts: token → caller. */
  apiTokens: Map<string, { id: string; role: Role }>;
  /** HS256 secret for JWTs; absent only when a public key is configured. */
  jwtSecret?: string;
  /** PEM public key (SPKI) for RS256/ES256 JWTs issued elsewhere. */
  jwtPublicKey?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** A JWT must carry `exp` and `iat`, and is refused once this many seconds have passed since its `iat`. */
  jwtMaxAgeSeconds: number;
  /** Clock skew allowed between the token's issuer and this server, for `exp`, `iat` and `nbf`. */
  jwtClockToleranceSeconds: number;
}

export const DEFAULT_JWT = Object.freeze({ maxAgeSeconds: 24 * 3600, clockToleranceSeconds: 30 } as const);

/** HS256 keys shorter than the hash (32 bytes) are guessable offline from any one token. */
export const MIN_JWT_SECRET_BYTES = 32;

export const ROLES = ['analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Config {
  auth: AuthConfig;
  /** Where the JWT key came from (reported at start-up). */
  jwtKey: JwtKeySource;
  host: string;
  port: number;
  limits: Limits;
  http: HttpSettings;
  /**
   * Hide limit details and field suggestions from error messages: ERROR_DETAILS=hidden, or by
   * default when the operator runs with NODE_ENV=production (not the NODE_ENV that `npm start`
   * defaults for graphql-js after reading the configuration, see src/main.ts).
   */
  production: boolean;
  neo4j: Neo4jTarget;
  /** Load the seeds at start-up when the database holds no entity. */
  seedOnStart: boolean;
  /** Origins (exact) whose pages may call the API from a browser; none by default. */
  corsOrigins: string[];
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer between 0 and ${String(max)}, got "${raw}"`);
  }
  return value;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxDirectives: 20,
  maxCost: 50_000,
  heavyCost: 10_000,
  operationTimeoutMs: 15_000,
  maxBodyBytes: 256 * 1024,
};

function limitsFrom(env: NodeJS.ProcessEnv): Limits {
  const big = 1e9;
  return {
    maxDepth: int(env, 'LIMIT_DEPTH', DEFAULT_LIMITS.maxDepth, big),
    maxAliases: int(env, 'LIMIT_ALIASES', DEFAULT_LIMITS.maxAliases, big),
    maxTokens: int(env, 'LIMIT_TOKENS', DEFAULT_LIMITS.maxTokens, big),
    maxDirectives: int(env, 'LIMIT_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, big),
    maxCost: int(env, 'LIMIT_COST', DEFAULT_LIMITS.maxCost, big),
    heavyCost: int(env, 'LIMIT_HEAVY_COST', DEFAULT_LIMITS.heavyCost, big),
    operationTimeoutMs: int(env, 'OPERATION_TIMEOUT_MS', DEFAULT_LIMITS.operationTimeoutMs, big),
    maxBodyBytes: int(env, 'LIMIT_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes, big),
  };
}

/** API_TOKENS is a comma-separated list of `name:role:token`. */
function apiTokensFrom(raw: string | undefined): Map<string, { id: string; role: Role }> {
  const tokens = new Map<string, { id: string; role: Role }>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [name, role, ...rest] = entry.split(':');
    const token = rest.join(':');
    if (!name || !token || !(ROLES as readonly string[]).includes(role ?? '')) {
      throw new Error(
        `API_TOKENS entries must look like name:role:token with role one of ${ROLES.join(', ')}; got "${entry.slice(0, 20)}…"`,
      );
    }
    if (token.length < 16) throw new Error(`API_TOKENS: the token of ${name} is shorter than 16 characters`);
    tokens.set(token, { id: name, role: role as Role });
  }
  return tokens;
}

/**
 * A setting every instance must share, from the environment (`NAME`) or from a mounted file
 * (`NAME_FILE`, as Docker and Kubernetes secrets are mounted); undefined when neither is set.
 */
export function shared(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (!file) return env[name] || undefined;
  if (env[name]) throw new Error(`Set ${name} or ${name}_FILE, not both`);
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      cause: err,
    });
  }
}

/** Where the JWT key comes from; only `generated` is kept on one machine. */
export type JwtKeySource = 'JWT_SECRET' | 'JWT_PUBLIC_KEY' | 'generated' | 'none';

export const LOCAL_JWT_SECRET_FILE = path.join(projectRoot, '.neo4j', 'jwt-secret');

/** A configured HS256 secret, refused when shorter than MIN_JWT_SECRET_BYTES. */
function strongSecret(secret: string): string {
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_JWT_SECRET_BYTES) {
    throw new Error(
      `JWT_SECRET must be at least ${String(MIN_JWT_SECRET_BYTES)} bytes (got ${String(bytes)}); ` +
        "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"",
    );
  }
  return secret;
}

/**
 * The local JWT secret: JWT_SECRET (or JWT_SECRET_FILE), else one generated once into the
 * git-ignored .neo4j folder. The generated one suits one machine only: `npm start` with the
 * embedded Neo4j and `npm run token`.
 */
export function localJwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = shared(env, 'JWT_SECRET');
  if (configured) return strongSecret(configured);
  const file = LOCAL_JWT_SECRET_FILE;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Who may call. With an external Neo4j (NEO4J_URI), which several instances may share, the JWT
 * key must be configured (JWT_SECRET, JWT_PUBLIC_KEY or their _FILE forms): a secret generated on
 * each machine would make each instance refuse the others' tokens, so none is generated and,
 * without a key, JWTs are refused (API tokens and anonymous reads still work). The generated
 * secret is the zero-configuration default of the embedded mode only.
 */
function authFrom(env: NodeJS.ProcessEnv, external: boolean): { auth: AuthConfig; jwtKey: JwtKeySource } {
  const secret = shared(env, 'JWT_SECRET');
  const publicKey = shared(env, 'JWT_PUBLIC_KEY');
  const jwtKey: JwtKeySource = publicKey ? 'JWT_PUBLIC_KEY' : secret ? 'JWT_SECRET' : external ? 'none' : 'generated';
  return {
    jwtKey,
    auth: {
      anonymousRead: env.AUTH_ANONYMOUS_READ !== 'false',
      apiTokens: apiTokensFrom(shared(env, 'API_TOKENS')),
      jwtSecret: jwtKey === 'generated' ? localJwtSecret(env) : secret && strongSecret(secret),
      jwtPublicKey: publicKey,
      jwtIssuer: env.JWT_ISSUER,
      jwtAudience: env.JWT_AUDIENCE,
      jwtMaxAgeSeconds: int(env, 'JWT_MAX_AGE_SECONDS', DEFAULT_JWT.maxAgeSeconds, 1e9),
      jwtClockToleranceSeconds: int(env, 'JWT_CLOCK_TOLERANCE_SECONDS', DEFAULT_JWT.clockToleranceSeconds, 3600),
    },
  };
}

/**
 * What one transaction of the embedded Neo4j may use (NEO4J_TRANSACTION_MAX_MEMORY): bounds a
 * runaway query; the seed loader's batches stay far below it.
 */
export const DEFAULT_TRANSACTION_MEMORY = '512m';

/** A Neo4j memory size such as `512m`, `2g` or `300000k` (a number and k, m or g). */
function memorySize(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[1-9]\d*[kmgKMG]$/.test(raw)) {
    throw new Error(`${name} must be a memory size such as 512m, 2g or 300000k, got "${raw}"`);
  }
  return raw.toLowerCase();
}

/** ERROR_DETAILS=full|hidden; unset, details are hidden only under NODE_ENV=production. */
function hideErrorDetails(env: NodeJS.ProcessEnv): boolean {
  switch (env.ERROR_DETAILS) {
    case undefined:
    case '':
      return env.NODE_ENV === 'production';
    case 'full':
      return false;
    case 'hidden':
      return true;
    default:
      throw new Error(`ERROR_DETAILS must be "full" or "hidden", got "${env.ERROR_DETAILS}"`);
  }
}

/** CORS_ORIGINS: comma-separated origins such as `https://portal.example.org,http://10.0.0.5:8080`. */
function corsOriginsFrom(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(
        `CORS_ORIGINS entries must be origins such as https://portal.example.org or http://10.0.0.5:8080 (scheme, host and port only, no path or trailing slash); got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Reads the configuration from environment variables; see the README's Configuration table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const database = env.NEO4J_DATABASE || 'neo4j';
  const neo4j: Neo4jTarget = env.NEO4J_URI
    ? {
        mode: 'external',
        uri: env.NEO4J_URI,
        username: env.NEO4J_USERNAME ?? 'neo4j',
        password: shared(env, 'NEO4J_PASSWORD') ?? '',
        database,
      }
    : {
        mode: 'embedded',
        port: int(env, 'NEO4J_EMBEDDED_PORT', 7687),
        homeDir: path.resolve(projectRoot, env.NEO4J_EMBEDDED_HOME || '.neo4j/home'),
        database,
        heap: env.NEO4J_EMBEDDED_HEAP || '1g',
        pageCache: env.NEO4J_EMBEDDED_PAGECACHE || '256m',
        transactionTimeout: env.NEO4J_TRANSACTION_TIMEOUT || '30s',
        transactionMemory: memorySize(env, 'NEO4J_TRANSACTION_MAX_MEMORY', DEFAULT_TRANSACTION_MEMORY),
      };
  const { auth, jwtKey } = authFrom(env, neo4j.mode === 'external');
  return {
    auth,
    jwtKey,
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 4000),
    limits: limitsFrom(env),
    http: httpFrom(env),
    production: hideErrorDetails(env),
    neo4j,
    seedOnStart: env.SEED_ON_START !== 'false',
    corsOrigins: corsOriginsFrom(env.CORS_ORIGINS),
  };
}
