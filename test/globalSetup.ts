import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { EmbeddedNeo4j } from '../src/neo4j/embedded.js';
import type { Service, StartupOutcome } from '../src/service.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jDatabase: string;
    /** The two API instances started together on the empty database, as a cluster's would. */
    instances: { url: string; startup: StartupOutcome }[];
    /** User and password of the shared embedded Neo4j (authentication is on). */
    neo4jCredentials: { username: string; password: string };
  }
}

let neo4j: EmbeddedNeo4j | undefined;
let services: Service[] = [];
let homeDir: string | undefined;

/** The static tokens of TEST_AUTH (test/helpers.ts), as an operator would configure them. */
const API_TOKENS = [
  'analyst-script:analyst:analyst-token-0123456789',
  'editor-script:editor:editor-token-0123456789',
  'admin-script:admin:admin-token-0123456789',
].join(',');

/**
 * Starts the embedded Neo4j the integration tests share, then two API instances at the same time
 * against it (NEO4J_URI), on its empty database: between them they apply the migrations and load
 * the seeds, once (test/instances.test.ts checks that), and serve the two-instance tests.
 */
export async function setup(project: TestProject): Promise<void> {
  homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-test-'));
  const report = (line: string): void => void process.stdout.write(`[test neo4j] ${line}\n`);
  neo4j = await EmbeddedNeo4j.start({
    port: 0,
    homeDir,
    database: 'neo4j',
    heap: '768m',
    pageCache: '128m',
    transactionTimeout: '30s',
    report,
  });
  // The services log every request; the test report only wants warnings (as vitest.config.ts).
  process.env.LOG_LEVEL ??= 'warn';
  const [{ loadConfig }, { startService }] = await Promise.all([
    import('../src/config.js'),
    import('../src/service.js'),
  ]);
  const { username, password } = neo4j.credentials();
  const config = loadConfig({
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: username,
    NEO4J_PASSWORD: password,
    NEO4J_DATABASE: 'neo4j',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: 'test-secret-for-the-jingtai-kg-suite-only',
    API_TOKENS,
  });
  const started = await Promise.allSettled(
    [1, 2].map((n) => startService(config, (line) => void process.stdout.write(`[test api ${String(n)}] ${line}\n`))),
  );
  services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  project.provide('neo4jUri', neo4j.uri);
  project.provide('neo4jCredentials', neo4j.credentials());
  project.provide('neo4jDatabase', 'neo4j');
  project.provide(
    'instances',
    services.map((s) => ({ url: s.url, startup: s.startup })),
  );
}

export async function teardown(): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
  await neo4j?.stop();
  if (homeDir) fs.rmSync(homeDir, { recursive: true, force: true });
}
