import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OPERATION_STATEMENTS } from '../src/db/database.js';
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
