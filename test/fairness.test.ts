import http from 'node:http';
import { performance } from 'node:perf_hooks';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS } from '../src/config.js';
import { OPERATION_STATEMENTS, QueryLog } from '../src/db/database.js';
import { costOf, HEAVIEST as HEAVIEST_BY_NAME } from '../bench/heavy.js';
import { startTestServer, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

const ORDINARY = '{ node(id: "Village:620423101203") { id } }';
// Accepted, and above the heavy threshold: a two-hop network of up to 2,000 nodes.
const HEAVY = '{ network(ids: ["Village:620423101203"], depth: 2, limit: 2000) { nodes { entityId label } } }';

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
  // Level by level, every alias runs its page and its count as two statements side by side. The
  // background health check, whose ping is a session of no operation, stays quiet meanwhile.
  beforeAll(async () => {
    t = await startTestServer(undefined, undefined, {
      planner: false,
      pool: { sessions },
      http: { healthCheckIntervalMs: 3_600_000 },
    });
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

describe('heavy operations queue in a lane of their own', () => {
  const cost = costOf(HEAVY);
  const waiting = sessionCounter();
  let roomy: TestServer;
  let hurried: TestServer;
  beforeAll(async () => {
    roomy = await startTestServer(undefined, undefined, {
      timeouts: { operationMs: 120_000, transactionMs: 120_000 },
      pool: { heavyWaiting: waiting },
    });
    // Half of a 2 s budget is the longest a heavy operation waits for the lane.
    hurried = await startTestServer(undefined, undefined, {
      timeouts: { operationMs: 2_000, transactionMs: 120_000 },
    });
  });
  afterAll(async () => {
    await roomy.close();
    await hurried.close();
  });

  /** Holds the server's heavy lane, as a heavy operation would, until `letGo` is called. */
  async function takeLane(t: TestServer): Promise<{ letGo: () => void }> {
    return { letGo: await t.db.enterHeavyLane(new QueryLog()) };
  }

  it('is where an operation above the heavy cost waits, while ordinary ones pass it by', async () => {
    expect(cost).toBeGreaterThan(DEFAULT_LIMITS.heavyCost);
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    const lane = await takeLane(roomy);
    const heavy = roomy.gql<{ network: { nodes: { entityId: string }[] } }>(HEAVY);
    await waitUntil('the heavy operation waiting for the lane', () => waiting.open === 1);
    const ordinary = await roomy.gql<{ node: { id: string } }>(ORDINARY);
    expect(ordinary.status).toBe(200);
    expect(ordinary.body.data?.node.id).toBe('Village:620423101203');
    // The ordinary operation was answered while the heavy one was still queued.
    expect(waiting.open).toBe(1);
    lane.letGo();
    const answered = await heavy;
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data?.network.nodes.length).toBeGreaterThan(1);
    expect(waiting.open).toBe(0);
  });

  it("answers 503 DATABASE_BUSY when the lane stays taken past half the operation's time", async () => {
    const lane = await takeLane(hurried);
    try {
      const busy = await hurried.gql(HEAVY);
      expect(busy.status).toBe(503);
      expect(busy.body.errors?.[0]?.extensions?.code).toBe('DATABASE_BUSY');
      const ordinary = await hurried.gql<{ node: { id: string } }>(ORDINARY);
      expect(ordinary.status).toBe(200);
    } finally {
      lane.letGo();
    }
    const again = await hurried.gql(HEAVY);
    expect(again.status).toBe(200);
  });
});

/**
 * POSTs an operation and waits only for the answer's status line: its body stays unread (the
 * client's socket stops reading once its buffers are full) until `readAll` is called.
 */
function postUnread(url: string, query: string): Promise<{ status: number; readAll: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.pause();
      resolve({
        status: res.statusCode ?? 0,
        readAll: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of res) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

describe('the heavy lane, held until the answer has left', () => {
  // Four full networks at depth 3, about 11 MB of JSON: more than the sockets' buffers hold while
  // the client reads nothing (4 MB at most for the sender's on Linux, the receiver's as it started),
  // so the answer cannot all be written out before its client reads it.
  const network =
    'network(ids: ["Village:620423101203"], depth: 3, limit: 2000) { nodes { entityId kind label pinyin synthetic depth properties } edges { relationshipId source target type synthetic properties } cytoscape graphology }';
  const LARGE = `{ ${Array.from({ length: 4 }, (_, i) => `n${String(i)}: ${network}`).join(' ')} }`;
  const waiting = sessionCounter();
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(undefined, undefined, {
      timeouts: { operationMs: 120_000, transactionMs: 120_000 },
      pool: { heavyWaiting: waiting },
      limits: { maxCost: 10 * costOf(LARGE) },
    });
  });
  afterAll(() => t.close());

  it('keeps the next heavy operation waiting while the previous answer is still being sent', async () => {
    expect(costOf(HEAVY)).toBeGreaterThan(DEFAULT_LIMITS.heavyCost);
    const first = await postUnread(t.server.url, LARGE);
    expect(first.status).toBe(200);
    // Its status is out, its body not: the operation has run, but its answer has not left.
    const second = t.gql<{ network: { nodes: unknown[] } }>(HEAVY);
    await waitUntil('the next heavy operation waiting for the lane', () => waiting.open === 1);
    const text = await first.readAll();
    expect(text.length).toBeGreaterThan(8_000_000);
    const body = JSON.parse(text) as { data?: Record<string, { nodes: unknown[] }>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(4);
    const answered = await second;
    expect(answered.status).toBe(200);
    expect(answered.body.data?.network.nodes.length).toBeGreaterThan(1);
    expect(waiting.open).toBe(0);
    // Building four full networks takes a while on a busy machine; the test counts, never times.
  }, 180_000);
});

describe('the heaviest accepted anonymous operations', () => {
  const HEAVIEST = Object.values(HEAVIEST_BY_NAME);

  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('are accepted, close to the cost limit, and heavy', () => {
    for (const query of HEAVIEST) {
      expect(costOf(query)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
      expect(costOf(query)).toBeGreaterThan(DEFAULT_LIMITS.maxCost / 2);
      expect(costOf(query)).toBeGreaterThan(DEFAULT_LIMITS.heavyCost);
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
