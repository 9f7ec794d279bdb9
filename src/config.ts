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

export interface Config {
  host: string;
  port: number;
  neo4j: Neo4jTarget;
  /** Load the seeds at start-up when the database holds no entity. */
  seedOnStart: boolean;
  logLevel: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be an integer between 0 and 65535, got "${raw}"`);
  }
  return value;
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
    neo4j,
    seedOnStart: env.SEED_ON_START !== 'false',
    logLevel: env.LOG_LEVEL || 'info',
  };
}
