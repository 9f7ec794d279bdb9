import { performance } from 'node:perf_hooks';

import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS } from '../src/config.js';
import { OPERATION_STATEMENTS } from '../src/db/database.js';
import { estimateCost } from '../src/http/limits.js';
import { loadTypeDefs } from '../src/schema.js';
import { startTestServer, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

const ORDINARY = '{ node(id: "Village:620423101203") { id } }';

/** Counts the sessions open right now and the most ever open at once. */
function sessionCounter() {
  const counter = {
    open: 0,
    most: 0,
    inc() {
      counter.open += 1;
      counter.most = Math.max(counter.most, counter.open);
    },
    dec() {
      counter.open -= 1;
    },
  };
  return counter;
}

describe('one operation holds a small share of the pool', () => {
  const sessions = sessionCounter();
  let t: TestServer;
  // Level by level, every alias runs its page and its count as two statements side by side.
  beforeAll(async () => {
    t = await startTestServer(undefined, undefined, { planner: false, pool: { sessions } });
  });
  afterAll(() => t.close());

  it(`runs thirty aliases' sixty statements at most ${String(OPERATION_STATEMENTS)} at a time, and answers them all`, async () => {
    const aliases = Array.from(
      { length: 30 },
      (_, i) => `c${String(i)}: chains(preset: BRANCH_ENTERPRISE_BASE, first: 5) { totalCount edges { cursor } }`,
    ).join(' ');
    const res = await t.gql<Record<string, { totalCount: number; edges: unknown[] }>>(`{ ${aliases} }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data ?? {})).toHaveLength(30);
    expect(res.body.data?.c29?.totalCount).toBeGreaterThan(0);
    expect(res.body.extensions?.cypherRoundTrips).toBeGreaterThanOrEqual(60);
    // All sixty were asked for in the same tick: the share fills up, and no further.
    expect(sessions.most).toBe(OPERATION_STATEMENTS);
  });
});

describe('a pool with no free connection', () => {
  const sessions = sessionCounter();
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(undefined, undefined, { pool: { size: 2, busyWaitMs: 300, sessions } });
  });
  afterAll(() => t.close());

  it('answers 503 DATABASE_BUSY promptly, then serves again once a connection frees up', async () => {
    // Two transactions that hold their connections until the test lets them go.
    let letGo = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const holders = [0, 1].map(() => t.db.writeAll(() => gate));
    await waitUntil('both connections held', () => sessions.open === 2);
    const busy = await t.gql(ORDINARY);
    expect(busy.status).toBe(503);
    expect(busy.body.errors?.[0]?.extensions?.code).toBe('DATABASE_BUSY');
    expect(JSON.stringify(busy.body)).not.toContain('INTERNAL_SERVER_ERROR');
    letGo();
    await Promise.all(holders);
    const again = await t.gql<{ node: { id: string } }>(ORDINARY);
    expect(again.status).toBe(200);
    expect(again.body.data?.node.id).toBe('Village:620423101203');
  });
});

describe('the heaviest accepted anonymous operations', () => {
  const schema = buildSchema(loadTypeDefs());
  const cost = (query: string): number =>
    getComplexity({ schema, query: parse(query), variables: {}, estimators: [estimateCost] });

  // A full network at depth 3 with the largest limit the cost limit accepts.
  const network = (limit: number): string =>
    `{ network(ids: ["Village:620423101203"], depth: 3, limit: ${String(limit)}) { truncated nodes { id kind label pinyin synthetic depth properties } edges { id source target type synthetic properties } cytoscape graphology } }`;
  let largest = 1;
  while (largest < 2000 && cost(network(largest + 1)) <= DEFAULT_LIMITS.maxCost) largest += 1;
  // Villages that share a program: every village, through the program hubs, to every other one.
  const chains =
    '{ chains(pattern: [{kind: VILLAGE}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}], first: 100) { totalCount edges { node { nodes { id name } relationships { id } } } } }';
  const HEAVIEST = [network(largest), chains];

  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('are accepted, and close to the cost limit', () => {
    for (const query of HEAVIEST) {
      expect(cost(query)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
      expect(cost(query)).toBeGreaterThan(DEFAULT_LIMITS.maxCost / 2);
    }
  });

  it.each([2, 20])('leave an ordinary query answering, never with a 5xx, with %i of them running', async (clients) => {
    let running = true;
    const heavy: { status: number; code?: string }[] = [];
    const loops = Array.from({ length: clients }, async (_, i) => {
      for (let n = i; running; n += 1) {
        const res = await t.gql(HEAVIEST[n % HEAVIEST.length] as string);
        heavy.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      }
    });
    const ordinary: { status: number; id?: string; code?: string; ms: number }[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const res = await t.gql<{ node: { id: string } }>(ORDINARY);
        ordinary.push({
          status: res.status,
          id: res.body.data?.node.id,
          code: res.body.errors?.[0]?.extensions?.code,
          ms: performance.now() - started,
        });
      }
    } finally {
      running = false;
      await Promise.all(loops);
    }
    const ms = ordinary.map((o) => Math.round(o.ms)).sort((a, b) => a - b);
    process.stdout.write(
      `[fairness] ${String(clients)} heavy clients: ordinary p50 ${String(ms[5])} ms, max ${String(ms[9])} ms; heavy answers ${JSON.stringify(heavy.reduce<Record<string, number>>((acc, h) => ({ ...acc, [`${String(h.status)} ${h.code ?? 'ok'}`]: (acc[`${String(h.status)} ${h.code ?? 'ok'}`] ?? 0) + 1 }), {}))}\n`,
    );
    expect(
      ordinary.map((o) => o.status),
      JSON.stringify(ordinary),
    ).toEqual(Array<number>(10).fill(200));
    expect(ordinary.every((o) => o.id === 'Village:620423101203')).toBe(true);
    expect(heavy.length, JSON.stringify(heavy)).toBeGreaterThanOrEqual(clients);
    expect(heavy.filter((h) => h.code === 'INTERNAL_SERVER_ERROR' || h.status === 500)).toEqual([]);
  });
});
