import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { startServer, type RunningServer } from '../src/http/server.js';
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

/**
 * Runs `work` against a throwaway embedded Neo4j holding the seeds and the API on a free
 * loopback port, then stops both and removes the data folder, whatever happens.
 */
export async function withSeededServer(
  name: string,
  work: (server: RunningServer, db: Database, report: (line: string) => void) => Promise<void>,
): Promise<void> {
  const report = (line: string): void => void process.stdout.write(`[${name}] ${line}\n`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `jingtai-kg-${name}-`));
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  report(
    `machine: ${String(os.cpus().length)} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
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
    await migrate(neo4j.db);
    report('loading the seeds...');
    await seed(neo4j.db);
    const server = await startServer({ db: neo4j.db, host: '127.0.0.1', port: 0 });
    try {
      await work(server, neo4j.db, report);
    } finally {
      await server.stop();
    }
  } finally {
    await neo4j.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
