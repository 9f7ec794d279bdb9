import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { migrate } from '../src/db/migrations.js';
import { EmbeddedNeo4j, type EmbeddedOptions } from '../src/neo4j/embedded.js';
import { seed } from '../src/seed/index.js';
import { startTestServer, TEST_AUTH, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

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
    transactionTimeout: '10m',
  });
  options = { ...neo4j.options, port: neo4j.port };
  // Budgets far beyond any run: the only failures left are the outage's, however slowly a busy
  // machine serves the queries around it (TIMEOUT itself is tested in limits.test.ts).
  t = await startTestServer(neo4j.uri, TEST_AUTH, {
    timeouts: { operationMs: 600_000, transactionMs: 600_000 },
    credentials: neo4j.credentials(),
  });
  await migrate(t.db);
  await seed(t.db);
}, 400_000); // a JVM start and a full seed, on a machine that may be busy

afterAll(async () => {
  await t.close();
  await neo4j.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

const QUERY = '{ node(id: "Township:620423101000") { id ... on Township { name } } }';
const base = (): string => t.server.url.replace(/\/graphql$/, '');

const CREATE = `mutation($id: ID!) {
  createEntity(input: { id: $id, kind: COOPERATIVE, name: "停电测试合作社（模拟）", synthetic: true, properties: { industry: "枸杞" } },
               source: { citation: "outage test" }) { id }
}`;

/**
 * A steady stream of reads (three workers) and writes (one editor creating cooperatives) until
 * stopped: every answer's status and error code in order, and the ids whose creation the API
 * acknowledged.
 */
function steadyLoad(): {
  answers: { status: number; code: string | undefined }[];
  acknowledged: string[];
  stop(): Promise<{ answers: { status: number; code: string | undefined }[]; acknowledged: string[] }>;
} {
  const answers: { status: number; code: string | undefined }[] = [];
  const acknowledged: string[] = [];
  const state = { running: true };
  let next = 0;
  const readers = Array.from({ length: 3 }, async () => {
    while (state.running) {
      const res = await t.gql(QUERY);
      answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  const writer = (async () => {
    while (state.running) {
      const id = `Cooperative:test-outage-${String(next++)}`;
      const res = await t.gql(CREATE, { id }, { authorization: 'Bearer editor-token-0123456789' });
      const code = res.body.errors?.[0]?.extensions?.code;
      answers.push({ status: res.status, code });
      if (!code) acknowledged.push(id);
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return {
    answers,
    acknowledged,
    async stop() {
      state.running = false;
      await Promise.all([...readers, writer]);
      return { answers, acknowledged };
    },
  };
}

/** Successes in a row at the end of the answers. */
function trailingSuccesses(answers: { code: string | undefined }[]): number {
  let n = 0;
  for (let i = answers.length - 1; i >= 0 && answers[i]?.code === undefined; i--) n++;
  return n;
}

describe('when Neo4j goes away while serving', () => {
  // Every step waits for an event (writes acknowledged, a failure seen, answers succeeding again),
  // never for a length of time; the generous deadlines only bound a run that would otherwise hang.
  it('answers DATABASE_UNAVAILABLE under reads and writes, keeps every acknowledged write, and recovers by itself', async () => {
    expect((await t.gql(QUERY)).body.data).toEqual({ node: { id: 'Township:620423101000', name: '芦阳镇' } });

    const load = steadyLoad();
    const state = (): string =>
      `${String(load.answers.length)} answers, ${String(load.acknowledged.length)} writes acknowledged, last ${JSON.stringify(load.answers.at(-1))}`;
    const acknowledgedReach = (n: number): Promise<void> =>
      waitUntil(`${String(n)} acknowledged writes`, () => load.acknowledged.length >= n, { state });
    await acknowledgedReach(3);
    await neo4j.kill();
    const atKill = load.answers.length;

    const during = await t.gql(QUERY);
    expect(during.status).toBe(503);
    expect(during.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(during.body)).not.toMatch(/at .*\.js|ECONNREFUSED|bolt:\/\//);
    const health = await fetch(`${base()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'down' });
    expect((await fetch(`${base()}/ready`)).status).toBe(503);

    // The load itself has met the outage before Neo4j comes back.
    await waitUntil('the load to meet the outage', () => load.answers.slice(atKill).some((a) => a.code !== undefined), {
      state,
    });

    // Same folder, same port: the running server's driver must find it again unaided.
    neo4j = await EmbeddedNeo4j.start(options);
    let after = await t.gql(QUERY);
    await waitUntil(
      'the API to answer again after Neo4j restarted',
      async () => {
        if (!after.body.errors) return true;
        after = await t.gql(QUERY);
        return !after.body.errors;
      },
      { everyMs: 250, state: () => JSON.stringify(after.body.errors) },
    );
    expect(after.body).toMatchObject({ data: { node: { name: '芦阳镇' } } });
    // /health pings with a 2 s transaction timeout, which a just-restarted JVM on a busy machine
    // can miss once: wait for it to say up rather than take its first answer.
    let healthAfter: unknown;
    await waitUntil(
      '/health to report the database up',
      async () => {
        healthAfter = await (await fetch(`${base()}/health`)).json();
        return JSON.stringify(healthAfter) === JSON.stringify({ status: 'ok', database: 'up' });
      },
      { everyMs: 500, state: () => JSON.stringify(healthAfter) },
    );
    const beforeRecovery = load.acknowledged.length;
    await acknowledgedReach(beforeRecovery + 3);
    // The error rate back to zero: a run of successes, however long it takes to come.
    await waitUntil('ten successes in a row after the recovery', () => trailingSuccesses(load.answers) >= 10, {
      state,
    });
    const { answers, acknowledged } = await load.stop();

    // Every write the API acknowledged, before and after the outage, is there.
    expect(acknowledged.length).toBeGreaterThan(5);
    const [stored] = await t.db.read<{ n: number }>('MATCH (c:Cooperative) WHERE c.id IN $ids RETURN count(c) AS n', {
      ids: acknowledged,
    });
    expect(stored?.n).toBe(acknowledged.length);

    // Every failure was the outage, said as such; none was a 500 or a hang.
    const failures = answers.filter((a) => a.code !== undefined);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => `${String(f.status)} ${String(f.code)}`))).toEqual(
      new Set(['503 DATABASE_UNAVAILABLE']),
    );
    // …and the error rate went back to zero: the last answers all succeeded.
    const lastFailure = answers.map((a) => a.code !== undefined).lastIndexOf(true);
    expect(answers.length - 1 - lastFailure).toBeGreaterThan(4);
  }, 600_000);
});
