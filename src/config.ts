import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (where package.json lives), whatever the working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  /** Time budget of one operation, shared by all its Cypher round trips. */
  operationTimeoutMs: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
}

export interface Config {
  host: string;
  port: number;
  limits: Limits;
  /** Production hides limit details and field suggestions from error messages. */
  production: boolean;
  neo4j: Neo4jTarget;
  /** Load the seeds at start-up when the database holds no entity. */
  seedOnStart: boolean;
  logLevel: string;
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
    operationTimeoutMs: int(env, 'OPERATION_TIMEOUT_MS', DEFAULT_LIMITS.operationTimeoutMs, big),
    maxBodyBytes: int(env, 'LIMIT_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes, big),
  };
}

/** Reads the configuration from environment variables; see the README's Configuration table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const database = env.NEO4J_DATABASE || 'neo4j';
  const neo4j: Neo4jTarget = env.NEO4J_URI
    ? {
        mode: 'external',
        uri: env.NEO4J_URI,
        username: env.NEO4J_USERNAME ?? 'neo4j',
        password: env.NEO4J_PASSWORD ?? '',
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
      };
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 4000),
    limits: limitsFrom(env),
    production: env.NODE_ENV === 'production',
    neo4j,
    seedOnStart: env.SEED_ON_START !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
  };
}
