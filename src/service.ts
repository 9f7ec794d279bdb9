import type { Config } from './config.js';
import { migrate } from './db/migrations.js';
import { PortInUseError, startServer, type RunningServer } from './http/server.js';
import { connectNeo4j, type Neo4jHandle } from './neo4j/connect.js';
import { flushLogs } from './logger.js';
import { EmbeddedNeo4jError } from './neo4j/errors.js';
import { markSeeded, seed, seedsAreStale } from './seed/index.js';

function report(line: string): void {
  process.stdout.write(`[jingtai-kg] ${line}\n`);
}

let neo4j: Neo4jHandle | undefined;
let server: RunningServer | undefined;
let stoppingSince = 0;

/** Stops in order: stop accepting and drain HTTP, close the driver, stop the embedded Neo4j. */
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
  await server?.stop();
  await neo4j?.close();
  report('stopped');
  flushLogs();
  process.exit(0);
}

async function main(config: Config): Promise<void> {
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const started = Date.now();
  neo4j = await connectNeo4j(config.neo4j, report);
  await migrate(neo4j.db);
  const stale = config.seedOnStart ? await seedsAreStale(neo4j.db) : false;
  if (stale) {
    report(
      stale === 'empty'
        ? 'Empty database: loading the seeds...'
        : 'The seeds changed since they were loaded: merging them...',
    );
    const counts = await seed(neo4j.db);
    await markSeeded(neo4j.db);
    report(
      `  loaded ${String(counts.entities)} entities, ${String(counts.relations)} relationships and ${String(counts.sentences)} sentences`,
    );
  }
  server = await startServer({
    db: neo4j.db,
    host: config.host,
    port: config.port,
    limits: config.limits,
    production: config.production,
    corsOrigins: config.corsOrigins,
  });
  report(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const base = server.url.replace(/\/graphql$/, '');
  report(`GraphQL:    ${server.url}`);
  report(`Playground: ${base}/playground`);
  report(`Explorer:   ${base}/explore`);
  report(`Health:     ${base}/health   Metrics: ${base}/metrics`);
}

/** Runs the service until SIGINT or SIGTERM; exits the process on a start-up failure. */
export async function run(config: Config): Promise<void> {
  await main(config).catch(async (err: unknown) => {
    const known = err instanceof EmbeddedNeo4jError || err instanceof PortInUseError;
    process.stderr.write(`[jingtai-kg] ${known ? (err as Error).message : String((err as Error).stack ?? err)}\n`);
    await server?.stop().catch(() => undefined);
    await neo4j?.close().catch(() => undefined);
    process.exit(1);
  });
}
