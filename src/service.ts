import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { LOCAL_JWT_SECRET_FILE, type Config } from './config.js';
import type { Database } from './db/database.js';
import { withLock } from './db/lock.js';
import { migrate, MIGRATIONS } from './db/migrations.js';
import { PortInUseError, startServer, type RunningServer } from './http/server.js';
import { connectNeo4j, type Neo4jHandle } from './neo4j/connect.js';
import { flushLogs } from './logger.js';
import { EmbeddedNeo4jError } from './neo4j/errors.js';
import { DEFAULT_SEED_DIR, markSeeded, seed, seedsAreStale } from './seed/index.js';
import { settleUnfinishedLoads } from './seed/undo.js';

function report(line: string): void {
  process.stdout.write(`[jingtai-kg] ${line}\n`);
}

let service: Service | undefined;
// Neo4j while the service is still starting (a stop then closes it, and the embedded JVM).
let opening: Neo4jHandle | undefined;
let stoppingSince = 0;

/** What an instance did to the database while it started. */
export interface StartupOutcome {
  /** This instance's name in the start-up lock and in the database's records. */
  instance: string;
  /** It applied the migrations (false: they were applied already, by it or another instance). */
  migrated: boolean;
  /** It loaded the seeds into an empty database, or merged changed seeds; false: it did not. */
  seeded: 'empty' | 'changed' | false;
}

/** A started instance: the API served on `url` over its own driver (and embedded Neo4j, if any). */
export interface Service {
  url: string;
  startup: StartupOutcome;
  /** Stops in order: stop accepting and drain HTTP, close the driver, stop the embedded Neo4j. */
  stop(): Promise<void>;
}

/**
 * Migrations and the seed load, under the database's start-up lock: of several instances
 * starting together against one database, one does them and the others, once it is done, find
 * them done (src/db/lock.ts).
 */
async function prepareDatabase(
  db: Database,
  config: Config,
  instance: string,
  report: (line: string) => void,
): Promise<StartupOutcome> {
  const onWait = (holder: string): void =>
    report(`Another instance (${holder}) is migrating or seeding the database: waiting for it...`);
  return withLock(
    db,
    'startup',
    instance,
    async () => {
      const migrated = await migrate(db, instance);
      if (migrated) report(`Applied the schema migrations (${String(MIGRATIONS.length)} statements)`);
      await settleUnfinishedLoads(db, report);
      const stale = config.seedOnStart ? await seedsAreStale(db) : false;
      if (stale) {
        report(
          stale === 'empty'
            ? 'Empty database: loading the seeds...'
            : 'The seeds changed since they were loaded: merging them...',
        );
        // Progress every 5 s: a long load shows it is moving, a short one stays a line or two.
        const counts = await seed(db, DEFAULT_SEED_DIR, {
          report: (line) => report(`  ${line}`),
          progressEveryMs: 5_000,
        });
        await markSeeded(db, DEFAULT_SEED_DIR, instance);
        report(
          `  loaded ${String(counts.entities)} entities, ${String(counts.relations)} relationships and ${String(counts.sentences)} sentences`,
        );
      }
      return { instance, migrated, seeded: stale };
    },
    { onWait },
  );
}

/**
 * Starts one instance: connects to (or starts) Neo4j, prepares the database and serves the API.
 * What it started is stopped again when a step fails. `opened` receives the Neo4j handle as soon
 * as there is one, for a stop requested while the database is being prepared.
 */
export async function startService(
  config: Config,
  report: (line: string) => void,
  opened?: (neo4j: Neo4jHandle) => void,
): Promise<Service> {
  const instance = `${os.hostname()}/${String(process.pid)}/${randomUUID().slice(0, 8)}`;
  let neo4j: Neo4jHandle | undefined;
  let server: RunningServer | undefined;
  try {
    if (config.jwtKey === 'generated') {
      report(
        `JWTs: signed with the secret generated on this machine (${path.relative(process.cwd(), LOCAL_JWT_SECRET_FILE)}), the local default; several instances need JWT_SECRET(_FILE) or JWT_PUBLIC_KEY(_FILE)`,
      );
    } else if (config.jwtKey === 'none') {
      report('JWTs: refused, no key configured (JWT_SECRET(_FILE) or JWT_PUBLIC_KEY(_FILE)); API tokens still work');
    }
    neo4j = await connectNeo4j(config.neo4j, report);
    opened?.(neo4j);
    const startup = await prepareDatabase(neo4j.db, config, instance, report);
    server = await startServer({
      db: neo4j.db,
      host: config.host,
      port: config.port,
      auth: config.auth,
      limits: config.limits,
      http: config.http,
      production: config.production,
      corsOrigins: config.corsOrigins,
    });
    const [db, http] = [neo4j, server];
    return {
      url: server.url,
      startup,
      async stop() {
        await http.stop();
        await db.close();
      },
    };
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await neo4j?.close().catch(() => undefined);
    throw err;
  }
}

/** Stops in order (see Service.stop); a second Ctrl-C a moment later exits at once. */
async function shutdown(signal: string): Promise<void> {
  if (stoppingSince > 0) {
    // A terminal's Ctrl-C may reach us twice (directly and through npm); only a deliberate
    // second press, a moment later, skips the orderly stop.
    if (Date.now() - stoppingSince < 1_000) return;
    report(`${signal} again: exiting now`);
    process.exit(130);
  }
  stoppingSince = Date.now();
  report(`${signal}: shutting down...`);
  if (service) await service.stop();
  else await opening?.close();
  report('stopped');
  flushLogs();
  process.exit(0);
}

async function main(config: Config): Promise<void> {
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const started = Date.now();
  service = await startService(config, report, (neo4j) => {
    opening = neo4j;
  });
  report(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const base = service.url.replace(/\/graphql$/, '');
  report(`GraphQL:    ${service.url}`);
  report(`Playground: ${base}/playground`);
  report(`Explorer:   ${base}/explore`);
  report(`Health:     ${base}/health   Metrics: ${base}/metrics`);
}

/** Runs the service until SIGINT or SIGTERM; exits the process on a start-up failure. */
export async function run(config: Config): Promise<void> {
  await main(config).catch((err: unknown) => {
    const known = err instanceof EmbeddedNeo4jError || err instanceof PortInUseError;
    process.stderr.write(`[jingtai-kg] ${known ? (err as Error).message : String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  });
}
