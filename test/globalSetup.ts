import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { migrate } from '../src/db/migrations.js';
import { connectNeo4j, type Neo4jHandle } from '../src/neo4j/connect.js';
import { seed } from '../src/seed/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jDatabase: string;
  }
}

let neo4j: Neo4jHandle | undefined;
let homeDir: string | undefined;

/** Starts the embedded Neo4j the integration tests share and loads the seeds into it. */
export async function setup(project: TestProject): Promise<void> {
  homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-test-'));
  const report = (line: string): void => void process.stdout.write(`[test neo4j] ${line}\n`);
  neo4j = await connectNeo4j(
    {
      mode: 'embedded',
      port: 0,
      homeDir,
      database: 'neo4j',
      heap: '768m',
      pageCache: '128m',
      transactionTimeout: '30s',
    },
    report,
  );
  await migrate(neo4j.db);
  await seed(neo4j.db);
  const uri = neo4j.embedded?.uri;
  if (!uri) throw new Error('embedded Neo4j has no URI');
  project.provide('neo4jUri', uri);
  project.provide('neo4jDatabase', 'neo4j');
}

export async function teardown(): Promise<void> {
  await neo4j?.close();
  if (homeDir) fs.rmSync(homeDir, { recursive: true, force: true });
}
