import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j, type EmbeddedOptions } from '../src/neo4j/embedded.js';
import { seed } from '../src/seed/index.js';
import { startTestServer, type TestServer } from './helpers.js';

// This file owns a second embedded Neo4j so that stopping it does not disturb the other tests.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-kg-outage-'));
let options: EmbeddedOptions;
let neo4j: EmbeddedNeo4j;
let t: TestServer;

beforeAll(async () => {
  neo4j = await EmbeddedNeo4j.start({
    homeDir: home,
    port: 0,
    database: 'neo4j',
    heap: '384m',
    pageCache: '32m',
    transactionTimeout: '10s',
  });
  options = { ...neo4j.options, port: neo4j.port };
  t = await startTestServer(neo4j.uri);
  await migrate(t.db);
  await seed(t.db);
});

afterAll(async () => {
  await t.close();
  await neo4j.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

const QUERY = '{ node(id: "Township:620423101000") { id ... on Township { name } } }';
const base = (): string => t.server.url.replace(/\/graphql$/, '');

/** A steady stream of reads until stopped: every answer's status and error code, in order. */
function steadyLoad(): { stop(): Promise<{ status: number; code: string | undefined }[]> } {
  const answers: { status: number; code: string | undefined }[] = [];
  let running = true;
  const workers = Array.from({ length: 4 }, async () => {
    while (running) {
      const res = await t.gql(QUERY);
      answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return answers;
    },
  };
}

describe('when Neo4j goes away while serving', () => {
  it('answers DATABASE_UNAVAILABLE under load, reports the database down, and recovers by itself when Neo4j is back', async () => {
    expect((await t.gql(QUERY)).body.data).toEqual({ node: { id: 'Township:620423101000', name: '芦阳镇' } });

    const load = steadyLoad();
    await new Promise((r) => setTimeout(r, 300));
    await neo4j.kill();

    const during = await t.gql(QUERY);
    expect(during.status).toBe(503);
    expect(during.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(during.body)).not.toMatch(/at .*\.js|ECONNREFUSED|bolt:\/\//);
    const health = await fetch(`${base()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'down' });
    expect((await fetch(`${base()}/ready`)).status).toBe(503);

    // Same folder, same port: the running server's driver must find it again unaided.
    neo4j = await EmbeddedNeo4j.start(options);
    let after = await t.gql(QUERY);
    for (let attempt = 0; attempt < 20 && after.body.errors; attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await t.gql(QUERY);
    }
    expect(after.body).toMatchObject({ data: { node: { name: '芦阳镇' } } });
    expect(await (await fetch(`${base()}/health`)).json()).toEqual({ status: 'ok', database: 'up' });
    await new Promise((r) => setTimeout(r, 500));
    const answers = await load.stop();

    // Every failure was the outage, said as such; none was a 500 or a hang.
    const failures = answers.filter((a) => a.code !== undefined);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => `${String(f.status)} ${String(f.code)}`))).toEqual(
      new Set(['503 DATABASE_UNAVAILABLE']),
    );
    // …and the error rate went back to zero: the last answers all succeeded.
    const lastFailure = answers.map((a) => a.code !== undefined).lastIndexOf(true);
    expect(answers.length - 1 - lastFailure).toBeGreaterThan(4);
  });
});
