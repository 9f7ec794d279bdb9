import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { startServer, type RunningServer } from '../src/http/server.js';
import { logger } from '../src/logger.js';
import { connectNeo4j } from '../src/neo4j/connect.js';
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

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the returned signal, so the run stops what it is doing and
 * every `finally` below stops its servers and Neo4j; a second signal a moment later exits at once
 * (the embedded Neo4j still stops: its launcher exits when this process is gone).
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
 * Runs `work` against a throwaway embedded Neo4j holding the seeds and the API on a free
 * loopback port, then stops both and removes the data folder, whatever happens: an error, or
 * Ctrl-C / SIGTERM, which abort `signal` (`work` should stop promptly when it fires).
 */
export async function withSeededServer(
  name: string,
  work: (server: RunningServer, db: Database, report: (line: string) => void, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const report = (line: string): void => void process.stdout.write(`[${name}] ${line}\n`);
  // One JSON log line per request would drown the figures (and cost the API time): warnings only,
  // unless LOG_LEVEL says otherwise.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const { signal, dispose } = abortOnSignals(report);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `jingtai-kg-${name}-`));
  report(`machine: ${machine()}`);
  try {
    const neo4j = await connectNeo4j(
      {
        mode: 'embedded',
        port: 0,
        homeDir: home,
        database: 'neo4j',
        heap: '1g',
        pageCache: '256m',
        transactionTimeout: '30s',
      },
      report,
    );
    try {
      signal.throwIfAborted();
      await migrate(neo4j.db);
      report('loading the seeds...');
      await seed(neo4j.db);
      signal.throwIfAborted();
      const server = await startServer({ db: neo4j.db, host: '127.0.0.1', port: 0, auth: loadConfig().auth });
      try {
        await work(server, neo4j.db, report, signal);
      } finally {
        report('stopping the API...');
        await server.stop();
      }
    } finally {
      report('stopping Neo4j...');
      await neo4j.close();
    }
  } catch (err) {
    // After Ctrl-C the abort is the expected way out, not an error to print.
    if (!signal.aborted) throw err;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
    dispose();
  }
}
