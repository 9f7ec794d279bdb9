import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { startServer, type RunningServer } from '../src/http/server.js';
import { logger } from '../src/logger.js';
import { connectNeo4j, type Neo4jHandle } from '../src/neo4j/connect.js';
import { seed } from '../src/seed/index.js';

/** Percentile `p` of ascending `sorted` values (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A markdown table, as the README keeps the figures. */
export function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** The machine line printed with every figure: cores, CPU model, memory, Node version. */
export function machine(): string {
  const cpus = os.cpus();
  return `${String(cpus.length)} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
// The throwaway data folders of the sides running now: a second Ctrl-C exits at once, without the
// orderly stop, and removes them on its way out.
const throwaway = new Set<string>();

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the returned signal, so the run stops what it is doing and
 * every `finally` below stops its servers and Neo4j; a second signal a moment later exits at once,
 * removing the throwaway data folders (the embedded Neo4j still stops: Node sends its JVM SIGTERM
 * on exit).
 */
function abortOnSignals(report: (line: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let since = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    // A terminal's Ctrl-C may reach us twice (directly and through npm): only a deliberate second
    // press skips the orderly stop.
    if (since > 0) {
      if (Date.now() - since < 1_000) return;
      report(`${name} again: exiting now`);
      for (const home of throwaway) fs.rmSync(home, { recursive: true, force: true });
      process.exit(130);
    }
    since = Date.now();
    report(`${name}: stopping the servers and Neo4j...`);
    process.exitCode = 130;
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Runs a benchmark named `name`: prints the machine line, keeps the logs to warnings, and turns
 * Ctrl-C / SIGTERM into an abort of `signal` (`work` should stop promptly when it fires and stop
 * what it started in `finally`); the abort is then the way out, not an error.
 */
export async function interruptible(
  name: string,
  work: (report: (line: string) => void, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const report = (line: string): void => void process.stdout.write(`[${name}] ${line}\n`);
  // One JSON log line per request would drown the figures (and cost the API time): warnings only,
  // unless LOG_LEVEL says otherwise.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const { signal, dispose } = abortOnSignals(report);
  report(`machine: ${machine()}`);
  try {
    await work(report, signal);
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    dispose();
  }
}

/** How a seeded side differs from the defaults of a short benchmark. */
export interface SideSettings {
  /** Neo4j's page cache ('256m'): a province needs more to stay in memory. */
  pageCache?: string;
  /** Neo4j's cap on one transaction ('30s'): copying a province takes longer. */
  transactionTimeout?: string;
  /** The API's budget per operation in ms, at least the configured one. */
  operationTimeoutMs?: number;
  /** More data after the seeds (a synthetic province), loaded before the API starts. */
  load?: (db: Database, report: (line: string) => void, signal: AbortSignal) => Promise<void>;
}

/** A throwaway embedded Neo4j holding the seeds, and the API in front of it. */
export interface SeededSide {
  server: RunningServer;
  db: Database;
  /** Stops the API and Neo4j and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway embedded Neo4j in a fresh data folder, loads the seeds (and `settings.load`),
 * and starts the API on a free loopback port. When anything fails, or `signal` fires, on the way
 * up, what was started is stopped and the folder removed before the error is thrown.
 */
export async function startSeededSide(
  name: string,
  settings: SideSettings,
  report: (line: string) => void,
  signal: AbortSignal,
): Promise<SeededSide> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `jingtai-kg-${name}-`));
  throwaway.add(home);
  const removeHome = (): void => {
    fs.rmSync(home, { recursive: true, force: true });
    throwaway.delete(home);
  };
  const stopNeo4j = async (neo4j: Neo4jHandle): Promise<void> => {
    report('stopping Neo4j...');
    try {
      await neo4j.close();
    } finally {
      removeHome();
    }
  };
  let neo4j: Neo4jHandle;
  try {
    neo4j = await connectNeo4j(
      {
        mode: 'embedded',
        port: 0,
        homeDir: home,
        database: 'neo4j',
        heap: '1g',
        pageCache: settings.pageCache ?? '256m',
        transactionTimeout: settings.transactionTimeout ?? '30s',
      },
      report,
    );
  } catch (err) {
    removeHome();
    throw err;
  }
  try {
    signal.throwIfAborted();
    await migrate(neo4j.db);
    report('loading the seeds...');
    await seed(neo4j.db);
    signal.throwIfAborted();
    if (settings.load) {
      await settings.load(neo4j.db, report, signal);
      signal.throwIfAborted();
    }
    const config = loadConfig();
    const limits = {
      ...config.limits,
      operationTimeoutMs: Math.max(config.limits.operationTimeoutMs, settings.operationTimeoutMs ?? 0),
    };
    const server = await startServer({ db: neo4j.db, host: '127.0.0.1', port: 0, auth: config.auth, limits });
    return {
      server,
      db: neo4j.db,
      stop: async () => {
        report('stopping the API...');
        try {
          await server.stop();
        } finally {
          await stopNeo4j(neo4j);
        }
      },
    };
  } catch (err) {
    await stopNeo4j(neo4j);
    throw err;
  }
}

/**
 * Runs `work` against one seeded side (`startSeededSide`), then stops it and removes its data
 * folder, whatever happens: an error, or Ctrl-C / SIGTERM, which abort `signal` (`work` should
 * stop promptly when it fires).
 */
export async function withSeededServer(
  name: string,
  work: (server: RunningServer, db: Database, report: (line: string) => void, signal: AbortSignal) => Promise<void>,
  settings: SideSettings = {},
): Promise<void> {
  await interruptible(name, async (report, signal) => {
    const side = await startSeededSide(name, settings, report, signal);
    try {
      await work(side.server, side.db, report, signal);
    } finally {
      await side.stop();
    }
  });
}
